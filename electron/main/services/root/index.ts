// The root feature: what the rest of the main process may use of it.
export { type Dispatch } from './dispatcher'
export { createMainServices } from './main-services'
export { openScopeReadOnly, type AppHost, type MainServices } from './main-services'
export { type ScopedServices } from './app-handlers'
