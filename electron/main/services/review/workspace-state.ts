// Where the reviewer left off: the last task, its filters and the page size.
import { workspaceStateSchema, type WorkspaceState } from '../../../../shared/ipc/contract'
import type { KeyValueStore } from '../storage'

const KEY = 'workspace'
const INITIAL: WorkspaceState = { lastJobId: null, filters: {}, pageSize: 50 }

export interface WorkspaceStateService {
  get(): WorkspaceState
  save(state: WorkspaceState): WorkspaceState
}

export function createWorkspaceStateService(store: KeyValueStore): WorkspaceStateService {
  return {
    get() {
      // A damaged value means starting from the task picker, not a crash.
      const parsed = workspaceStateSchema.safeParse(store.get(KEY))
      return parsed.success ? parsed.data : { ...INITIAL, filters: {} }
    },
    save(state) {
      store.set(KEY, state)
      return state
    },
  }
}
