// The settings feature: what the rest of the main process may use of it.
export { type SettingsService } from './settings-service'
export { createSettingsService, DEFAULT_BASE_URL, FORMER_DEFAULT_BASE_URL, generalSettingsOf, type SettingsServiceOptions } from './settings-service'
