// Reads one HTTP answer of the platform: rejects pages and broken JSON, checks the envelope
// and its result code, then validates `data` against the endpoint's schema.
import type { z } from 'zod'
import { envelopeSchema } from '../../../../shared/api-schemas'
import { parseJsonExact } from '../../../../shared/exact-json'
import { describeValidationError } from '../../../../shared/validation'
import { apiCodeError, htmlPageError, httpStatusError, invalidAnswerError, invalidJsonError } from './errors'
import type { HttpAnswer } from './http'

function looksLikeHtml(answer: HttpAnswer): boolean {
  if (/text\/html/i.test(answer.contentType)) return true
  return /^\s*<(!doctype|html|head|body)/i.test(answer.body)
}

function htmlTitle(body: string): string | undefined {
  const match = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(body)
  return match?.[1]?.trim() || undefined
}

function parseJson(answer: HttpAnswer): unknown {
  try {
    // Ids are Java longs: JSON.parse would round 9007199254740993 onto …992, i.e. onto another call.
    return parseJsonExact(answer.body)
  } catch {
    const trimmed = answer.body.trimEnd()
    const truncated = trimmed.length > 0 && /^[[{]/.test(trimmed.trimStart()) && !/[}\]]$/.test(trimmed)
    throw invalidJsonError(answer.status, truncated)
  }
}

export function readAnswer<T extends z.ZodType>(answer: HttpAnswer, dataSchema: T): z.output<T> {
  const ok = answer.status >= 200 && answer.status < 300
  if (looksLikeHtml(answer)) throw htmlPageError(answer.status, htmlTitle(answer.body))
  if (!ok && answer.body.trim() === '') throw httpStatusError(answer.status)

  let json: unknown
  try {
    json = parseJson(answer)
  } catch (error) {
    // A failed status with a body we cannot read says more as a status than as bad JSON.
    if (!ok) throw httpStatusError(answer.status)
    throw error
  }

  const envelope = envelopeSchema.safeParse(json)
  if (!envelope.success) {
    if (!ok) throw httpStatusError(answer.status)
    throw invalidAnswerError(describeValidationError(envelope.error))
  }
  const { code, data, resultMsg, requestId } = envelope.data
  const rid = requestId ?? undefined
  if (code !== 200) throw apiCodeError(code, resultMsg ?? undefined, answer.status, rid)
  if (!ok) throw httpStatusError(answer.status)

  const parsed = dataSchema.safeParse(data)
  if (!parsed.success) throw invalidAnswerError(describeValidationError(parsed.error), rid)
  return parsed.data
}
