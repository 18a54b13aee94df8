// The page says what to do about a failure by its kind, in both languages.
import { describe, expect, it } from 'vitest'
import { AppError, type ErrorKind } from '../../shared/errors'
import { errorHint, errorText } from '../../renderer/src/error-text'
import { MESSAGES } from '../../renderer/src/i18n/messages'

const error = (kind: ErrorKind, details: { code?: number; status?: number } = {}) => new AppError(kind, { 'zh-CN': '中文', en: 'English' }, details)

describe('error text by kind', () => {
  it('shows the message in the interface language', () => {
    expect(errorText(error('timeout'), 'zh-CN')).toBe('中文')
    expect(errorText(error('timeout'), 'en')).toBe('English')
    expect(errorText(new Error('boom'), 'en')).not.toContain('boom')
  })

  it.each([
    [error('network'), 'error.hint.unreachable'],
    [error('html-page', { status: 502 }), 'error.hint.unreachable'],
    [error('offline'), 'error.hint.offline'],
    [error('not-cached'), 'error.hint.notCached'],
    [error('api-code', { code: 401 }), 'error.hint.credentials'],
    [error('api-code', { code: 500 }), 'error.hint.server'],
    [error('storage'), 'error.hint.storage'],
    [error('redirect', { status: 302 }), 'error.hint.credentials'],
    [error('broken-recording'), 'error.hint.recording'],
    [error('api-code', { code: 412 }), null],
    [error('invalid-request'), null],
    [new Error('not an AppError'), null],
  ])('hints %s', (failure, hint) => {
    const key = errorHint(failure)
    expect(key).toBe(hint)
    if (key) for (const language of ['zh-CN', 'en'] as const) expect(MESSAGES[language][key]).toBeTruthy()
  })
})
