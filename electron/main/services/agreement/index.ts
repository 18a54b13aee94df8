// The agreement feature: what the rest of the main process may use of it.
export { agreementPairs } from './agreement-pairs'
export { computeAgreement } from './agreement'
