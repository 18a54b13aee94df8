// The README's screenshots as palette PNGs (scripts/lib/png-palette.ts): Chromium's PNG read back
// whatever row filters it used, a few colours kept exactly, many reduced to a palette of the limit.
import { deflateSync, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { chunk, decodePng, paletted } from '../../scripts/lib/png-palette'


/** An 8-bit RGBA PNG of `pixels` (rows of [r, g, b]), each row written with filter `y % 5`. */
function rgbaPng(pixels: number[][][]): Buffer {
  const height = pixels.length
  const width = pixels[0]!.length
  const stride = width * 4
  const rows = pixels.map((row) => Buffer.from(row.flatMap(([r, g, b]) => [r!, g!, b!, 255])))
  const lines: Buffer[] = []
  rows.forEach((row, y) => {
    const filter = y % 5
    const up = y > 0 ? rows[y - 1]! : Buffer.alloc(stride)
    const out = Buffer.alloc(stride + 1)
    out[0] = filter
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? row[x - 4]! : 0
      const upLeft = x >= 4 ? up[x - 4]! : 0
      const p = left + up[x]! - upLeft
      const paeth = Math.abs(p - left) <= Math.abs(p - up[x]!) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up[x]!) <= Math.abs(p - upLeft) ? up[x]! : upLeft
      const predicted = [0, left, up[x]!, (left + up[x]!) >> 1, paeth][filter]!
      out[x + 1] = (row[x]! - predicted) & 0xff
    }
    lines.push(out)
  })
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8
  header[9] = 6
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(lines))), chunk('IEND', Buffer.alloc(0))])
}

/** The colours of an indexed PNG's pixels, as 0xRRGGBB, with its bit depth and palette size. */
function readIndexed(png: Buffer) {
  let at = 8
  let width = 0
  let height = 0
  let depth = 0
  let palette: number[] = []
  const data: Buffer[] = []
  while (at < png.length) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const body = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      ;[width, height, depth] = [body.readUInt32BE(0), body.readUInt32BE(4), body[8]!]
      expect(body[9]).toBe(3)
    } else if (type === 'PLTE') palette = Array.from({ length: length / 3 }, (_, i) => body.readUIntBE(i * 3, 3))
    else if (type === 'IDAT') data.push(body)
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(data))
  const stride = depth === 4 ? Math.ceil(width / 2) : width
  const colors: number[] = []
  for (let y = 0; y < height; y++) {
    expect(raw[y * (stride + 1)]).toBe(0)
    for (let x = 0; x < width; x++) {
      const byte = raw[y * (stride + 1) + 1 + (depth === 4 ? x >> 1 : x)]!
      colors.push(palette[depth === 4 ? (x & 1 ? byte & 15 : byte >> 4) : byte]!)
    }
  }
  return { colors, depth, paletteSize: palette.length }
}

const hex = ([r, g, b]: number[]) => (r! << 16) | (g! << 8) | b!

describe('palette PNGs', () => {
  it('reads a PNG written with each of the five row filters', () => {
    const pixels = Array.from({ length: 10 }, (_, y) => Array.from({ length: 7 }, (_, x) => [(x * 37 + y * 11) % 256, (x * y * 5) % 256, 200 - x * 3]))
    const image = decodePng(rgbaPng(pixels))
    expect([image.width, image.height]).toEqual([7, 10])
    expect(Array.from(image.rgb)).toEqual(pixels.flat(2))
  })

  it('keeps a few colours exactly, four bits a pixel', () => {
    const flat = [[255, 255, 255], [31, 111, 235], [29, 35, 48]]
    const pixels = Array.from({ length: 9 }, (_, y) => Array.from({ length: 11 }, (_, x) => flat[(x + y) % 3]!))
    const out = readIndexed(paletted(rgbaPng(pixels), 16))
    expect(out.depth).toBe(4)
    expect(out.colors).toEqual(pixels.flat().map(hex))
  })

  it('reduces many colours to the limit, each pixel to a near one', () => {
    const pixels = Array.from({ length: 32 }, (_, y) => Array.from({ length: 32 }, (_, x) => [x * 8, y * 8, 128]))
    const out = readIndexed(paletted(rgbaPng(pixels), 16))
    expect(out.paletteSize).toBeLessThanOrEqual(16)
    const source = pixels.flat()
    out.colors.forEach((c, i) => {
      const [r, g, b] = source[i]!
      expect(Math.abs(((c >> 16) & 255) - r!)).toBeLessThanOrEqual(64)
      expect(Math.abs(((c >> 8) & 255) - g!)).toBeLessThanOrEqual(64)
      expect(c & 255).toBe(b)
    })
    expect(readIndexed(paletted(rgbaPng(pixels), 100)).depth).toBe(8)
  })

  it('keeps a theme colour exact however few pixels carry it', () => {
    // A gradient and one pixel of the error red, which a palette by use alone would merge away.
    const pixels = Array.from({ length: 32 }, (_, y) => Array.from({ length: 32 }, (_, x) => [x * 8, y * 8, 128]))
    pixels[5]![7] = [0xc6, 0x28, 0x28]
    const red = 0xc62828
    expect(readIndexed(paletted(rgbaPng(pixels), 16, [red])).colors[5 * 32 + 7]).toBe(red)
  })
})
