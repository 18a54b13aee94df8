// The platform's answer envelope: {code, data, requestId, resultMsg, errorStackTrace}.
import { randomInt } from 'node:crypto'

export interface Envelope {
  code: number
  data: unknown
  requestId: string
  resultMsg: string
  errorStackTrace: null
}

/** The documented codes and their messages (Introduction.md, 错误码信息); the simulator answers no other. */
export const DOCUMENTED_CODES: Readonly<Record<number, string>> = {
  200: '执行成功',
  401: '校验数据错误',
  403: '权限不足',
  404: '资源未找到',
  412: '参数错误',
  500: '未知错误',
}
const DEFAULT_MESSAGES = DOCUMENTED_CODES

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
