import { describe, expect, it } from 'vitest'
import { parseRange } from '../../electron/main/services/audio/byte-range'

describe('parseRange', () => {
  it('answers null (the whole file) without a header', () => {
    expect(parseRange(null, 1000)).toBeNull()
    expect(parseRange(undefined, 1000)).toBeNull()
    expect(parseRange('', 1000)).toBeNull()
  })

  it.each<[string, number, { start: number; end: number }]>([
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=100-199', 1000, { start: 100, end: 199 }],
    ['bytes=0-0', 1000, { start: 0, end: 0 }],
    ['bytes=999-999', 1000, { start: 999, end: 999 }],
    ['bytes=0-999', 1000, { start: 0, end: 999 }],
    ['bytes=0-', 1000, { start: 0, end: 999 }],
    ['bytes=500-', 1000, { start: 500, end: 999 }],
    ['bytes=999-', 1000, { start: 999, end: 999 }],
    ['bytes=-1', 1000, { start: 999, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-1000', 1000, { start: 0, end: 999 }],
  ])('reads %s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected)
  })

  it('clamps an end beyond the file to its last byte', () => {
    expect(parseRange('bytes=0-5000', 1000)).toEqual({ start: 0, end: 999 })
    expect(parseRange('bytes=900-1000', 1000)).toEqual({ start: 900, end: 999 })
    expect(parseRange('bytes=10-99999999999999999999', 1000)).toEqual({ start: 10, end: 999 })
  })

  it('clamps a suffix longer than the file to the whole file', () => {
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 })
  })

  it.each<[string, number]>([
    ['bytes=1000-', 1000],
    ['bytes=1000-1500', 1000],
    ['bytes=5000-6000', 1000],
    ['bytes=99999999999999999999-', 1000],
    ['bytes=-0', 1000],
    ['bytes=500-100', 1000],
    ['bytes=0-', 0],
    ['bytes=-10', 0],
    ['bytes=0-0', 0],
  ])('%s of %i bytes is unsatisfiable', (header, size) => {
    expect(parseRange(header, size)).toBe('unsatisfiable')
  })

  it('is lenient about case and spaces', () => {
    expect(parseRange('Bytes=10-19', 100)).toEqual({ start: 10, end: 19 })
    expect(parseRange('  bytes= 10 - 19  ', 100)).toEqual({ start: 10, end: 19 })
    expect(parseRange('BYTES=-5', 100)).toEqual({ start: 95, end: 99 })
  })

  it('answers a multi-range request with its first range', () => {
    expect(parseRange('bytes=0-9, 20-29', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=-10,0-5', 100)).toEqual({ start: 90, end: 99 })
  })

  it.each([
    'bytes=',
    'bytes=-',
    'bytes',
    'bytes 0-10',
    'items=0-10',
    'bytes=abc',
    'bytes=a-b',
    '0-10',
    'garbage',
    'bytes=1.5-3',
  ])('ignores %j (whole file)', (header) => {
    expect(parseRange(header, 1000)).toBeNull()
  })

  it('never answers a range outside the file', () => {
    const sizes = [1, 2, 10, 1000]
    const specs = ['0-', '1-', '0-0', '5-9', '9-', '-1', '-3', '-20', '0-50', '3-3', '2-1']
    for (const size of sizes) {
      for (const spec of specs) {
        const range = parseRange(`bytes=${spec}`, size)
        if (range === null) throw new Error(`bytes=${spec} should be parsed`)
        if (range === 'unsatisfiable') continue
        expect(range.start).toBeGreaterThanOrEqual(0)
        expect(range.end).toBeLessThan(size)
        expect(range.start).toBeLessThanOrEqual(range.end)
      }
    }
  })
})
