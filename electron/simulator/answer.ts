// An HTTP answer built in memory before it is sent, so a fault can still cut it short.
import type { Envelope } from './envelope'

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
    body: Buffer.from(JSON.stringify(body), 'utf8'),
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
