// The settings feature: what the rest of the main process may use of it.
export { type SettingsService } from './settings-service'
export { createSettingsService, generalSettingsOf } from './settings-service'
