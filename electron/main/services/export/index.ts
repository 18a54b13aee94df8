// The export feature: what the rest of the main process may use of it.
export { exportAnnotations } from './export-files'
export { type ExportFilter, filterAnnotations } from './export-rows'
