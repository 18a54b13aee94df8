// The connection feature: what the rest of the main process may use of it.
export { type ConnectionManager } from './connection'
export { type Connectivity } from './connectivity'
export { accountScope, createConnectionManager, type Connection, type DemoServer } from './connection'
export { createConnectivity } from './connectivity'
export { createStatusMonitor, REPROBE_FIRST_MS, REPROBE_MAX_MS, type StatusMonitor } from './status-monitor'
