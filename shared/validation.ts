// Turns schema validation failures into words a reviewer can act on: one sentence per language
// for the whole request, and one message per field for a form to show beside that field.
import type { z } from 'zod'
import type { Bilingual } from './enums'

/** The names a reviewer knows the contract's fields by; others are shown as they are. */
export const FIELD_LABELS: Readonly<Record<string, Bilingual>> = {
  baseUrl: { 'zh-CN': 'API 地址', en: 'API address' },
  timeoutMs: { 'zh-CN': '请求超时', en: 'Request timeout' },
  reviewerName: { 'zh-CN': '复核员姓名', en: 'Reviewer name' },
  language: { 'zh-CN': '界面语言', en: 'Language' },
  defaultSpeed: { 'zh-CN': '默认倍速', en: 'Default speed' },
  audioCacheMaxMb: { 'zh-CN': '录音缓存上限', en: 'Recordings cache cap' },
  maskPhoneNumbers: { 'zh-CN': '隐藏电话号码中间四位', en: 'Mask phone numbers' },
  proxyUrl: { 'zh-CN': '代理服务器', en: 'Proxy' },
  advanceAfterGrade: { 'zh-CN': '评级后打开下一通未评级的通话并播放', en: 'After grading, open the next ungraded call and play it' },
  playbackTrack: { 'zh-CN': '音轨', en: 'Track' },
  skipToCustomer: { 'zh-CN': '跳到客户发言', en: 'Skip to the customer' },
  appKey: { 'zh-CN': 'appKey', en: 'appKey' },
  appSecret: { 'zh-CN': 'appSecret', en: 'appSecret' },
  tenantSign: { 'zh-CN': 'tenantSign', en: 'tenantSign' },
  robotCallJobId: { 'zh-CN': '任务编号', en: 'Task id' },
  callRecordId: { 'zh-CN': '通话编号', en: 'Call id' },
  from: { 'zh-CN': '开始日期', en: 'From date' },
  to: { 'zh-CN': '结束日期', en: 'To date' },
}

const fieldKey = (issue: z.core.$ZodIssue) => issue.path.map(String).join('.')

function fieldLabel(issue: z.core.$ZodIssue): Bilingual {
  if (!issue.path.length) return { 'zh-CN': '(整体)', en: '(whole request)' }
  const key = fieldKey(issue)
  return FIELD_LABELS[key] ?? FIELD_LABELS[String(issue.path[issue.path.length - 1])] ?? { 'zh-CN': key, en: key }
}

/** What is wrong with one field, without naming it. */
function describeProblem(issue: z.core.$ZodIssue): Bilingual {
  switch (issue.code) {
    case 'invalid_type':
      if ((issue as { input?: unknown }).input === undefined) return { 'zh-CN': '必须填写', en: 'is required' }
      return { 'zh-CN': `类型错误（应为 ${issue.expected}）`, en: `must be ${issue.expected}` }
    case 'too_big':
      return issue.origin === 'string'
        ? { 'zh-CN': `不能超过 ${String(issue.maximum)} 个字符`, en: `must be at most ${String(issue.maximum)} characters` }
        : { 'zh-CN': `不能超过 ${String(issue.maximum)}`, en: `must be at most ${String(issue.maximum)}` }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { 'zh-CN': '必须填写', en: 'is required' }
      return issue.origin === 'string'
        ? { 'zh-CN': `至少 ${String(issue.minimum)} 个字符`, en: `must be at least ${String(issue.minimum)} characters` }
        : { 'zh-CN': `不能小于 ${String(issue.minimum)}`, en: `must be at least ${String(issue.minimum)}` }
    case 'invalid_value':
      return {
        'zh-CN': `取值无效（可选：${issue.values.map(String).join('、')}）`,
        en: `one of ${issue.values.map(String).join(', ')}`,
      }
    case 'unrecognized_keys':
      return { 'zh-CN': `不支持的字段：${issue.keys.join('、')}`, en: `unsupported field(s): ${issue.keys.join(', ')}` }
    case 'invalid_format':
      return issue.format === 'url'
        ? { 'zh-CN': '不是有效的网址（例如 https://openapi.tanyibot.com）', en: 'not a valid address (for example https://openapi.tanyibot.com)' }
        : { 'zh-CN': '格式错误', en: 'wrong format' }
    case 'custom': {
      // Our own rules carry their Chinese text beside the English message.
      const zh = (issue.params as { 'zh-CN'?: string } | undefined)?.['zh-CN']
      return { 'zh-CN': zh ?? `无效：${issue.message}`, en: zh ? issue.message : `invalid: ${issue.message}` }
    }
    default:
      return { 'zh-CN': `无效：${issue.message}`, en: `is invalid: ${issue.message}` }
  }
}

function describeIssue(issue: z.core.$ZodIssue): Bilingual {
  const label = fieldLabel(issue)
  const problem = describeProblem(issue)
  if (issue.code === 'unrecognized_keys' && !issue.path.length) {
    return { 'zh-CN': problem['zh-CN'], en: problem.en.replace(/^u/, 'U') }
  }
  // A sentence of our own rules reads after a colon; a short predicate right after the name.
  const colon = issue.code === 'custom' || issue.code === 'invalid_format' || issue.code === 'invalid_value'
  return { 'zh-CN': `${label['zh-CN']}${colon ? '：' : ' '}${problem['zh-CN']}`, en: `${label.en}${colon ? ': ' : ' '}${problem.en}` }
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

/** The first problem of each field, keyed by the field's path ("baseUrl", "filters.from"): what a
 *  form shows beside the field itself. Whole-request problems are left to the sentence. */
export function fieldErrors(error: z.ZodError): Record<string, Bilingual> {
  const fields: Record<string, Bilingual> = {}
  for (const issue of error.issues) {
    const key = fieldKey(issue)
    if (key && !fields[key]) fields[key] = describeProblem(issue)
  }
  return fields
}
