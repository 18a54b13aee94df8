// The composition root: what the hosts (Electron's glue, the browser host, the command line, the
// benchmarks) build the services with, and the dispatcher they serve the contract through.
export { type ScopedServices } from './app-handlers'
export { type Dispatch } from './dispatcher'
export { createMainServices, openScopeReadOnly, type AppHost, type MainServices } from './main-services'
