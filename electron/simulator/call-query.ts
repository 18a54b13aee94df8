// The task list's filters. The call list's filters, order and pagination are shared with the
// offline cache (shared/call-query.ts).
import type { JobListQuery } from '../../shared/api-schemas'
import type { SimJob } from './types'

export function jobMatches(job: SimJob, q: JobListQuery): boolean {
  if (q.name && !job.name.includes(q.name.trim())) return false
  if (q.status && job.status !== q.status) return false
  return true
}
