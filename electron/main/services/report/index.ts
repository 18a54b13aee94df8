// The report feature: what the rest of the main process may use of it.
export { createReportService, type ReportService } from './report-service'
