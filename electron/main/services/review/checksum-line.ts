// One record per line, each carrying the CRC-32 of its JSON, so a torn or damaged line is told
// apart from a good one when the file is read back.
import { crc32 } from 'node:zlib'
import { parseJsonExact } from '../../../../shared/exact-json'

function checksum(json: string): string {
  return crc32(json).toString(16).padStart(8, '0')
}

/** `<crc32 hex> <json>\n` */
export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value)
  return `${checksum(json)} ${json}\n`
}

/** The line's value, or undefined when the checksum or the JSON does not hold. */
export function decodeLine(line: string): unknown {
  if (line.length < 10 || line[8] !== ' ') return undefined
  const json = line.slice(9)
  if (checksum(json) !== line.slice(0, 8)) return undefined
  try {
    // Ids beyond 2^53 are written as digits; a bare one (a file written by another tool) is still
    // read exactly, never rounded onto another call.
    return parseJsonExact(json)
  } catch {
    return undefined
  }
}
