// The local list feature: what the rest of the main process may use of it.
export { createLocalList, type LocalList } from './local-list'
