// The reviewer-facing text of any failure, in the interface language, and what to do about it,
// chosen by the failure's kind (AppError, shared/errors.ts).
import type { Language } from '../../shared/enums'
import { AppError } from '../../shared/errors'
import type { MessageKey } from './i18n/messages'

export function errorText(error: unknown, language: Language): string {
  if (error instanceof AppError) return error.localized(language)
  return language === 'zh-CN' ? '发生意外错误，请重试' : 'Something unexpected went wrong; try again'
}

/** The next step a failure of this kind asks of the reviewer; none where the message says it all. */
export function errorHint(error: unknown): MessageKey | null {
  if (!(error instanceof AppError)) return null
  if (error.unreachable) return 'error.hint.unreachable'
  switch (error.kind) {
    case 'offline':
      return 'error.hint.offline'
    case 'not-cached':
      return 'error.hint.notCached'
    // Most likely a wrong API address (http for https, an old host).
    case 'redirect':
      return 'error.hint.credentials'
    case 'api-code':
      return error.code === 401 || error.code === 403 ? 'error.hint.credentials' : error.retryable ? 'error.hint.server' : null
    case 'storage':
      return 'error.hint.storage'
    case 'locked':
      return 'error.hint.locked'
    case 'no-recording':
    case 'broken-recording':
      return 'error.hint.recording'
    default:
      return error.retryable ? 'error.hint.server' : null
  }
}
