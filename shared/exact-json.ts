// JSON with the platform's long ids kept exact (see ids.ts). Reading: an integer beyond
// Number.MAX_SAFE_INTEGER becomes its decimal digits (a string) instead of a rounded double.
// Writing: an id field held as digits goes out as a bare JSON number, as the platform writes it.
import { ID_FIELDS } from './ids'

/** Any integer beyond the safe range has at least 16 digits; text without such a run is read natively. */
const LONG_DIGIT_RUN = /\d{16}/
const BIG_INTEGER_TOKEN = /^-?[1-9]\d{15,}$/

const isDigit = (c: number) => c >= 0x30 && c <= 0x39
/** Characters of a JSON number after its first: digits, '.', 'e', 'E', '+', '-'. */
const isNumberPart = (c: number) => isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d

/**
 * The text with every integer value beyond the safe range put in quotes. Only values are touched
 * (after ':', '[' or an array's ','), never an object's key position, so text that is not JSON
 * stays text that is not JSON.
 */
function quoteBigIntegers(text: string): string {
  const containers: number[] = []
  let out = ''
  let copied = 0
  // The last character outside strings and whitespace; 0 at the start.
  let previous = 0
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // A string: skipped whole, escapes included.
      i++
      while (i < text.length) {
        const d = text.charCodeAt(i)
        if (d === 0x5c) i += 2
        else if (d === 0x22) break
        else i++
      }
      i++
      previous = 0x22
      continue
    }
    if (c === 0x2d || isDigit(c)) {
      const start = i
      i++
      while (i < text.length && isNumberPart(text.charCodeAt(i))) i++
      const token = text.slice(start, i)
      const inArray = containers[containers.length - 1] === 0x5b
      const isValue = previous === 0 || previous === 0x3a || previous === 0x5b || (previous === 0x2c && inArray)
      if (isValue && BIG_INTEGER_TOKEN.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, start)}"${token}"`
        copied = i
      }
      previous = 0x30
      continue
    }
    if (c === 0x7b || c === 0x5b) containers.push(c)
    else if (c === 0x7d || c === 0x5d) containers.pop()
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) previous = c
    i++
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** JSON.parse, except that integers beyond the safe range come back as their exact digits. */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(LONG_DIGIT_RUN.test(text) ? quoteBigIntegers(text) : text)
}

let calls = 0

/**
 * JSON.stringify, except that an id field (ids.ts ID_FIELDS) held as digits is written as a bare
 * number: 9007199254740993, not "9007199254740993". Other strings stay strings.
 */
export function stringifyJsonExact(value: unknown, space?: number): string {
  // A marker no text can hold by chance: fresh for every call.
  const mark = `idmark${(calls++).toString(36)}x${Math.random().toString(36).slice(2)}x`
  let marked = false
  const json = JSON.stringify(
    value,
    function (this: unknown, key: string, item: unknown) {
      if (typeof item === 'string' && ID_FIELDS.has(key) && !Array.isArray(this) && /^-?\d+$/.test(item)) {
        marked = true
        return mark + item
      }
      return item
    },
    space,
  )
  if (!marked) return json
  return json.replace(new RegExp(`"${mark}(-?\\d+)"`, 'g'), '$1')
}
