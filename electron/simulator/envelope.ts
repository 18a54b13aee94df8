// The platform's answer envelope: {code, data, requestId, resultMsg, errorStackTrace}.
import { randomInt } from 'node:crypto'

export interface Envelope {
  code: number
  data: unknown
  requestId: string
  resultMsg: string
  errorStackTrace: null
}

const DEFAULT_MESSAGES: Record<number, string> = {
  200: '执行成功',
  401: '验证失败',
  403: '无权限访问',
  404: '资源不存在',
  405: '请求方法不支持',
  412: '参数错误',
  429: '请求过于频繁',
  500: '未知错误',
  502: '网关错误',
  503: '服务暂不可用',
}

/** Eight upper-case letters, like the platform's request ids. */
export function newRequestId(): string {
  let id = ''
  for (let i = 0; i < 8; i++) id += String.fromCharCode(65 + randomInt(26))
  return id
}

export function envelope(code: number, data: unknown = null, resultMsg?: string): Envelope {
  return {
    code,
    data,
    requestId: newRequestId(),
    resultMsg: resultMsg ?? DEFAULT_MESSAGES[code] ?? '请求失败',
    errorStackTrace: null,
  }
}
