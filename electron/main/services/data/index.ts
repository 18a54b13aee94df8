// The data feature: what the rest of the main process may use of it.
export { type DataSource, type ScopedCache } from './data-source'
export { createDataSource, savedJobName } from './data-source'
export { savedIntentLabels, savedJobFigures } from './tenant-data'
