// Screenshots as small PNGs: Chromium's 24-bit PNG of a screen is reduced to a palette of at most
// `colors` colours (median cut, no dithering: flat interface colours stay flat, text stays crisp)
// and written as an indexed PNG, four bits a pixel for sixteen colours or fewer. A screen of the
// app has a few thousand distinct colours, most of them the anti-aliased edges of text.
import { crc32, deflateSync, inflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

interface Image {
  width: number
  height: number
  /** RGB, three bytes a pixel, rows top to bottom. */
  rgb: Uint8Array
}

/** Reads an 8-bit RGB or RGBA PNG without interlacing (what Chromium writes); alpha is dropped. */
export function decodePng(png: Buffer): Image {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG')
  let width = 0
  let height = 0
  let channels = 0
  const data: Buffer[] = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const body = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colorType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${interlace}`)
      channels = colorType === 6 ? 4 : 3
    } else if (type === 'IDAT') data.push(body)
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(data))
  const stride = width * channels
  const rows = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const out = y * stride
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? rows[out + x - channels]! : 0
      const up = y > 0 ? rows[out - stride + x]! : 0
      const upLeft = y > 0 && x >= channels ? rows[out - stride + x - channels]! : 0
      let predicted = 0
      if (filter === 1) predicted = left
      else if (filter === 2) predicted = up
      else if (filter === 3) predicted = (left + up) >> 1
      else if (filter === 4) {
        const p = left + up - upLeft
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)]
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
      }
      rows[out + x] = (line[x]! + predicted) & 0xff
    }
  }
  const rgb = new Uint8Array(width * height * 3)
  for (let i = 0, j = 0; i < rows.length; i += channels, j += 3) {
    rgb[j] = rows[i]!
    rgb[j + 1] = rows[i + 1]!
    rgb[j + 2] = rows[i + 2]!
  }
  return { width, height, rgb }
}

/** Up to `colors` colours standing for all the image's, by median cut over its distinct colours weighted by use. */
export function medianCut(counts: Map<number, number>, colors: number): number[] {
  type Box = { entries: [number, number][] }
  const channel = (c: number, k: number) => (c >> (16 - 8 * k)) & 0xff
  const boxes: Box[] = [{ entries: [...counts.entries()] }]
  while (boxes.length < colors) {
    // Split the box whose widest channel spans most, weighted by how many pixels it holds.
    let best = -1
    let bestScore = 0
    let bestChannel = 0
    boxes.forEach((box, i) => {
      if (box.entries.length < 2) return
      for (let k = 0; k < 3; k++) {
        let min = 255
        let max = 0
        let pixels = 0
        for (const [c, n] of box.entries) {
          const v = channel(c, k)
          if (v < min) min = v
          if (v > max) max = v
          pixels += n
        }
        const score = (max - min) * Math.sqrt(pixels)
        if (score > bestScore) [best, bestScore, bestChannel] = [i, score, k]
      }
    })
    if (best < 0) break
    const box = boxes[best]!
    box.entries.sort((a, b) => channel(a[0], bestChannel) - channel(b[0], bestChannel))
    const total = box.entries.reduce((sum, [, n]) => sum + n, 0)
    let half = 0
    let cut = 1
    for (; cut < box.entries.length - 1; cut++) {
      half += box.entries[cut - 1]![1]
      if (half >= total / 2) break
    }
    boxes.splice(best, 1, { entries: box.entries.slice(0, cut) }, { entries: box.entries.slice(cut) })
  }
  // Each box's colour: its most used one, so the interface's flat colours come out exact.
  return boxes.map((box) => box.entries.reduce((a, b) => (b[1] > a[1] ? b : a))[0])
}

/** One PNG chunk: length, type, body and its CRC (the tests build PNGs with it too). */
export function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0)
  return Buffer.concat([head, body, crc])
}

/**
 * The image as an indexed PNG of at most `colors` colours. `keep` (0xRRGGBB) are in the palette
 * whatever their share of the pixels: a theme's colours (a red label, a green badge) that a few
 * pixels carry and a palette by use alone would merge into their neighbours.
 */
export function paletted(png: Buffer, colors = 256, keep: readonly number[] = []): Buffer {
  const { width, height, rgb } = decodePng(png)
  const counts = new Map<number, number>()
  for (let i = 0; i < rgb.length; i += 3) {
    const c = (rgb[i]! << 16) | (rgb[i + 1]! << 8) | rgb[i + 2]!
    counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  let palette: number[]
  if (counts.size <= colors) palette = [...counts.keys()]
  else {
    const kept = [...new Set(keep)].slice(0, colors - 1)
    const rest = new Map([...counts].filter(([c]) => !kept.includes(c)))
    palette = [...kept, ...medianCut(rest, colors - kept.length)]
  }
  const nearest = new Map<number, number>()
  const indexOf = (c: number) => {
    let found = nearest.get(c)
    if (found !== undefined) return found
    let best = Infinity
    found = 0
    const [r, g, b] = [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff]
    palette.forEach((p, i) => {
      const d = 3 * (((p >> 16) & 0xff) - r) ** 2 + 4 * (((p >> 8) & 0xff) - g) ** 2 + 2 * ((p & 0xff) - b) ** 2
      if (d < best) [best, found] = [d, i]
    })
    nearest.set(c, found)
    return found
  }
  // Four bits a pixel where sixteen colours do, else eight.
  const depth = palette.length <= 16 ? 4 : 8
  const stride = depth === 4 ? Math.ceil(width / 2) : width
  const lines = Buffer.alloc((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3
      const index = indexOf((rgb[i]! << 16) | (rgb[i + 1]! << 8) | rgb[i + 2]!)
      if (depth === 8) lines[row + x] = index
      else lines[row + (x >> 1)]! |= x & 1 ? index : index << 4
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = depth
  header[9] = 3
  const plte = Buffer.alloc(palette.length * 3)
  palette.forEach((c, i) => plte.writeUIntBE(c, i * 3, 3))
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(lines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
