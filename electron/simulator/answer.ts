// An HTTP answer built in memory before it is sent, so a fault can still cut it short.
import type { Envelope } from './envelope'
import { stringifyJsonExact } from '../../shared/exact-json'

export interface Answer {
  status: number
  headers: Record<string, string>
  body: Buffer
  /** HEAD: send the headers (with the full Content-Length) but no body. */
  headOnly?: boolean
  /** The envelope code, for the request log. */
  code?: number
}

export function jsonAnswer(body: Envelope, status = 200): Answer {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
    // Ids held as digits (beyond 2^53) go out as bare numbers, as the platform writes its longs.
    body: Buffer.from(stringifyJsonExact(body), 'utf8'),
    code: body.code,
  }
}

/** Object storage's XML error, as Aliyun OSS answers for a missing key. */
export function storageError(status: number, code: string, message: string): Answer {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    `  <Code>${code}</Code>\n  <Message>${message}</Message>\n  <RequestId>${Date.now().toString(16).toUpperCase()}</RequestId>\n</Error>\n`
  return { status, headers: { 'Content-Type': 'application/xml' }, body: Buffer.from(xml, 'utf8') }
}
