// The reviewer-facing text of any failure, in the interface language.
import type { Language } from '../../shared/enums'
import { AppError } from '../../shared/errors'

export function errorText(error: unknown, language: Language): string {
  if (error instanceof AppError) return error.localized(language)
  return language === 'zh-CN' ? '发生意外错误，请重试' : 'Something unexpected went wrong; try again'
}
