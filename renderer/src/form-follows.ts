// A form that shows what main holds and is also typed in: main's answers arrive whenever they do
// (a save's, a team member's change), and must not overwrite what the reviewer typed meanwhile.
import { watch } from 'vue'

export interface FollowingForm {
  /** The form was just sent as it stands: its fields count as taken, so main's answer fills them. */
  sent(): void
}

/**
 * Keeps `form`'s fields in step with `source` (main's values, null while unknown). A field is
 * filled from main only while it still holds what the form last took from main or sent; one
 * that differs is the reviewer's typing since, and stays.
 */
export function followMain<F extends object, K extends keyof F>(form: F, source: () => Pick<F, K> | null | undefined): FollowingForm {
  let taken: Partial<F> = { ...form }
  watch(
    source,
    (now) => {
      if (!now) return
      for (const key of Object.keys(now) as K[]) {
        if (form[key] !== taken[key]) continue
        form[key] = now[key]
        taken[key] = now[key]
      }
    },
    { immediate: true },
  )
  return {
    sent() {
      taken = { ...form }
    },
  }
}
