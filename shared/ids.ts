// The platform's identifiers (callRecordId, robotCallJobId, …) are Java longs sent as bare JSON
// numbers; a double holds only the integers up to 2^53 - 1 exactly, so 9007199254740993 would
// become …992 and a grade could land on another call. An id is therefore kept in one of two
// forms: a safe integer as a number (every id the app ever stored stays valid as it is), any
// larger one as its exact decimal digits. Each id has exactly one form, so === and Map keys work
// for both; arithmetic and ordering go through the functions below.
import { z } from 'zod'

export type Id = number | string

/** Longer than any 64-bit (or 96-bit) id: more digits is not an id but garbage. */
const MAX_ID_DIGITS = 30
const INTEGER_TEXT = /^-?\d+$/
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

function fromBigInt(value: bigint): Id {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value.toString()
}

/**
 * The one form of an id given as a number or as decimal digits ("007" is 7), or undefined when
 * it is no whole number. A number beyond the safe range is refused: its digits are already lost.
 */
export function toId(value: unknown): Id | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined
  if (typeof value === 'bigint') return fromBigInt(value)
  if (typeof value !== 'string' || value.length > MAX_ID_DIGITS + 1 || !INTEGER_TEXT.test(value)) return undefined
  return fromBigInt(BigInt(value))
}

/** An id typed by a person (a task id, a call id on the command line): digits only, above 0. */
export function parseIdText(text: string | undefined): Id | undefined {
  const trimmed = text?.trim() ?? ''
  if (!/^\d+$/.test(trimmed)) return undefined
  const id = toId(trimmed)
  return id !== undefined && idSign(id) > 0 ? id : undefined
}

function idSign(id: Id): number {
  if (typeof id === 'number') return Math.sign(id)
  return id.startsWith('-') ? -1 : 1
}

/** Numeric order of two ids, for sorting: negative when a comes first. */
export function compareIds(a: Id, b: Id): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = BigInt(a)
  const y = BigInt(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** ⌊id / size⌋, e.g. the file a cached call lives in; a safe id's block is what it always was. */
export function idBlock(id: Id, size: number): Id {
  if (typeof id === 'number') return Math.floor(id / size)
  const big = BigInt(id)
  const divisor = BigInt(size)
  const quotient = big / divisor
  // BigInt division truncates towards zero; a block is the floor.
  return fromBigInt(big < 0 && quotient * divisor !== big ? quotient - BigInt(1) : quotient)
}

function idSchemaFrom(min: 0 | 1) {
  return z.union([z.number(), z.string()]).transform((value, ctx): Id => {
    const id = toId(value)
    if (id === undefined || idSign(id) < min) {
      ctx.addIssue({
        code: 'custom',
        message: min > 0 ? 'must be a whole number above 0' : 'must be a whole number, 0 or above',
        params: { 'zh-CN': min > 0 ? '必须是正整数' : '必须是非负整数' },
      })
      return z.NEVER
    }
    return id
  })
}

/** An id in a request: a positive whole number, as a number or as digits; normalised. */
export const idSchema = idSchemaFrom(1)
/** The same, 0 allowed (label group 0 is the platform's built-in one). */
export const idOrZeroSchema = idSchemaFrom(0)

/** An id in an answer: any whole number, as a number or as digits (some gateways quote longs). */
export const answerIdSchema = z.union([z.number(), z.string()]).transform((value, ctx): Id => {
  const id = toId(value)
  if (id === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is not a whole number', params: { 'zh-CN': '不是整数' } })
    return z.NEVER
  }
  return id
})

/** The platform's id fields: written as bare JSON numbers whichever form they are held in. */
export const ID_FIELDS: ReadonlySet<string> = new Set([
  'callRecordId',
  'robotCallJobId',
  'robotCallTaskId',
  'callDetailId',
  'customerPersonId',
  'customerGroupId',
  'dialogFlowId',
  'intentLevelTagId',
  'intentLevelTagDetailId',
  'tenantId',
  'phoneNumberId',
])
