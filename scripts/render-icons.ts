// Renders the app's icon (resources/icons/icon.svg) to the PNGs and the Windows .ico packaging
// uses: resources/icons/<N>x<N>.png (the naming electron-builder's Linux icon folder expects) and
// icon.ico (PNG-compressed entries, read by Windows Vista and later). Chromium draws the SVG, so
// what ships is what a browser shows. Run after changing the SVG:
//   npx tsx scripts/render-icons.ts
// Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

const ICON_DIR = resolve(import.meta.dirname, '../resources/icons')
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024]
/** Windows shows 16–256; larger entries only bloat the .exe. */
const ICO_SIZES = [16, 32, 48, 64, 128, 256]

/** An .ico holding the given PNGs as they are. */
export function icoOf(pngs: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // 1: icon
  header.writeUInt16LE(pngs.length, 4)
  let offset = header.length + 16 * pngs.length
  const entries = pngs.map(({ size, data }) => {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0) // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt16LE(1, 4) // colour planes
    entry.writeUInt16LE(32, 6) // bits per pixel
    entry.writeUInt32LE(data.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += data.length
    return entry
  })
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)])
}

async function main() {
  const svg = readFileSync(join(ICON_DIR, 'icon.svg'))
  const src = `data:image/svg+xml;base64,${svg.toString('base64')}`
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium' })
  try {
    const rendered = new Map<number, Buffer>()
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 })
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
      )
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode())
      const data = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
      await page.close()
      writeFileSync(join(ICON_DIR, `${size}x${size}.png`), data)
      rendered.set(size, data)
      console.log(`${size}x${size}.png ${data.length} bytes`)
    }
    writeFileSync(join(ICON_DIR, 'icon.ico'), icoOf(ICO_SIZES.map((size) => ({ size, data: rendered.get(size)! }))))
    console.log('icon.ico')
  } finally {
    await browser.close()
  }
}

await main()
