// The export feature: what the rest of the main process may use of it.
export { exportGrades } from './export-files'
export { type ExportFilter, type ExportSource, type TeamExportFacts, filterGrades } from './export-rows'
export { exportTeamResult, type TeamFinalSource, type TeamResult, type TeamResultCall, type TeamResultSource } from './team-result'
