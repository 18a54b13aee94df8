// Turns schema validation failures into one readable sentence per language.
import type { z } from 'zod'
import type { Bilingual } from './enums'

function describeIssue(issue: z.core.$ZodIssue): Bilingual {
  const field = issue.path.length ? issue.path.join('.') : '(整体)'
  const fieldEn = issue.path.length ? issue.path.join('.') : '(whole request)'
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) {
        return { 'zh-CN': `缺少 ${field}`, en: `${fieldEn} is missing` }
      }
      return { 'zh-CN': `${field} 类型错误（应为 ${issue.expected}）`, en: `${fieldEn} must be ${issue.expected}` }
    case 'too_big':
      return { 'zh-CN': `${field} 不能超过 ${String(issue.maximum)}`, en: `${fieldEn} must be at most ${String(issue.maximum)}` }
    case 'too_small':
      return { 'zh-CN': `${field} 不能小于 ${String(issue.minimum)}`, en: `${fieldEn} must be at least ${String(issue.minimum)}` }
    case 'invalid_value':
      return {
        'zh-CN': `${field} 的取值无效（可选：${issue.values.map(String).join('、')}）`,
        en: `${fieldEn} must be one of ${issue.values.map(String).join(', ')}`,
      }
    case 'unrecognized_keys':
      return { 'zh-CN': `不支持的字段：${issue.keys.join('、')}`, en: `Unsupported field(s): ${issue.keys.join(', ')}` }
    case 'invalid_format':
      return { 'zh-CN': `${field} 格式错误`, en: `${fieldEn} has the wrong format` }
    case 'custom': {
      // Our own rules carry their Chinese text beside the English message.
      const zh = (issue.params as { 'zh-CN'?: string } | undefined)?.['zh-CN']
      if (zh) return { 'zh-CN': `${field}：${zh}`, en: `${fieldEn}: ${issue.message}` }
      return { 'zh-CN': `${field} 无效：${issue.message}`, en: `${fieldEn} is invalid: ${issue.message}` }
    }
    default:
      return { 'zh-CN': `${field} 无效：${issue.message}`, en: `${fieldEn} is invalid: ${issue.message}` }
  }
}

/** At most three issues, joined; enough to fix the input without flooding the screen. */
export function describeValidationError(error: z.ZodError): Bilingual {
  const described = error.issues.slice(0, 3).map(describeIssue)
  const more = error.issues.length > 3 ? error.issues.length - 3 : 0
  return {
    'zh-CN': described.map((d) => d['zh-CN']).join('；') + (more ? `；另有 ${more} 处` : ''),
    en: described.map((d) => d.en).join('; ') + (more ? `; and ${more} more` : ''),
  }
}
