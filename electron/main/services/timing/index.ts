// The timing feature: what the rest of the main process may use of it.
export { type TimingService } from './timing-service'
export { createTimingService } from './timing-service'
