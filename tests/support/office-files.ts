// Reading exported spreadsheets the way the programs that open them do: the cells of an XLSX
// straight from its XML (not through the library that wrote it), and a file as LibreOffice reads
// it, converted by headless LibreOffice to flat ODF (.fods) and read from that XML.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { basename, delimiter, extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { inflateRawSync } from 'node:zlib'

/** One entry of a zip file (an XLSX is one), as text. Enough for the files exceljs writes: no
 *  zip64, no encryption; stored or deflated. */
export function readZipEntry(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'))
  if (end < 0) throw new Error('not a zip file')
  const count = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10)
    const size = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const local = zip.readUInt32LE(at + 42)
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
      const data = zip.subarray(start, start + size)
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8')
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
  }
  throw new Error(`${name} is not in the zip file`)
}

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#[0-9]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }
    if (e in named) return named[e]!
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
  })

const attribute = (attributes: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)
  return match ? unescapeXml(match[1]!) : undefined
}

export interface XlsxCell {
  /** The `t` attribute: s (shared string), inlineStr, str (formula text), n or absent (number), b, e. */
  type: string | undefined
  /** The text (strings) or the number as written. */
  value: string
  formula: string | undefined
  /** The cell's number format code, from its style. */
  numFmt: string | undefined
}

const BUILT_IN_FORMATS: Record<string, string> = { '0': 'General', '1': '0', '14': 'm/d/yy', '49': '@' }

/** The cells of an XLSX's first sheet by reference (A1, B2…), types as written in its XML. */
export function readXlsxCells(path: string): Map<string, XlsxCell> {
  const zip = readFileSync(path)
  const entry = (name: string) => {
    try {
      return readZipEntry(zip, name)
    } catch {
      return ''
    }
  }
  const richText = (xml: string) => [...xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((m) => unescapeXml(m[1]!)).join('')
  const shared = [...entry('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => richText(m[1]!))
  const styles = entry('xl/styles.xml')
  const formats = new Map(
    [...styles.matchAll(/<numFmt(\s[^>]*)\/>/g)].map((m) => [attribute(m[1]!, 'numFmtId')!, attribute(m[1]!, 'formatCode')!]),
  )
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? ''
  const xfFormats = [...cellXfs.matchAll(/<xf(\s[^>]*?)\/?>/g)].map((m) => {
    const id = attribute(m[1]!, 'numFmtId') ?? '0'
    return formats.get(id) ?? BUILT_IN_FORMATS[id] ?? `builtin ${id}`
  })
  const cells = new Map<string, XlsxCell>()
  for (const m of entry('xl/worksheets/sheet1.xml').matchAll(/<c(\s[^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, attributes, body = ''] = m
    const type = attribute(attributes!, 't')
    const v = /<v>([^<]*)<\/v>/.exec(body)?.[1]
    const value = type === 's' ? shared[Number(v)]! : type === 'inlineStr' ? richText(body) : unescapeXml(v ?? '')
    const f = /<f(?:\s[^>]*)?>([^<]*)<\/f>/.exec(body)?.[1]
    const style = attribute(attributes!, 's')
    cells.set(attribute(attributes!, 'r')!, {
      type,
      value,
      formula: f === undefined ? undefined : unescapeXml(f),
      numFmt: style === undefined ? undefined : xfFormats[Number(style)],
    })
  }
  return cells
}

export interface OdsCell {
  /** office:value-type: string, float, date, percentage… or undefined for an empty cell. */
  type: string | undefined
  /** The text the cell shows. */
  text: string
  /** office:value for numbers, office:string-value or the shown text for strings. */
  value: string | undefined
  formula: string | undefined
}

/** The first sheet of a flat ODF spreadsheet (.fods) as rows of cells. */
export function readFodsRows(path: string): OdsCell[][] {
  const xml = readFileSync(path, 'utf8')
  const table = /<table:table\s[^>]*>([\s\S]*?)<\/table:table>/.exec(xml)?.[1] ?? ''
  const rows: OdsCell[][] = []
  for (const row of table.matchAll(/<table:table-row(?:\s[^>]*)?>([\s\S]*?)<\/table:table-row>/g)) {
    const cells: OdsCell[] = []
    for (const m of row[1]!.matchAll(/<table:(?:covered-)?table-cell((?:\s[^>]*?)?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g)) {
      const [, attributes = '', body = ''] = m
      const paragraphs = [...body.matchAll(/<text:p(?:\s[^>]*)?>([\s\S]*?)<\/text:p>|<text:p\/>/g)].map((p) =>
        unescapeXml(
          (p[1] ?? '')
            .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, n?: string) => ' '.repeat(Number(n ?? 1)))
            .replace(/<text:tab\/>/g, '\t')
            .replace(/<text:line-break\/>/g, '\n')
            .replace(/<[^>]+>/g, ''),
        ),
      )
      const text = paragraphs.join('\n')
      const type = attribute(attributes, 'office:value-type')
      const cell: OdsCell = {
        type,
        text,
        value: type === 'string' ? (attribute(attributes, 'office:string-value') ?? text) : attribute(attributes, 'office:value'),
        formula: attribute(attributes, 'table:formula'),
      }
      const repeat = Number(attribute(attributes, 'table:number-columns-repeated') ?? 1)
      for (let i = 0; i < Math.min(repeat, 1024); i++) cells.push(cell)
    }
    rows.push(cells)
  }
  return rows
}

/** LibreOffice's command, or an error that says how to install it (the test fails, not skips). */
export function findSoffice(): string {
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'soffice'))
  const found = [process.env.SOFFICE, ...onPath].find((p) => p && existsSync(p))
  if (!found) {
    throw new Error(
      'LibreOffice (soffice) is needed to check how a spreadsheet program reads the export and was not found: ' +
        'install it with `apt-get install libreoffice-calc-nogui` (.ci/run does), or set SOFFICE to its path.',
    )
  }
  return found
}

/**
 * Calc's CSV import options: comma-separated, UTF-8, from line 1, quoted fields not forced to
 * text, no special-number detection, spaces kept; and whether a cell starting `=` is a formula.
 * That one is the "Evaluate formulas" box of Calc's import dialog: off there by default (7.4),
 * on for a conversion given no options, and how Excel always reads a CSV.
 */
export function csvImportFilter(evaluateFormulas: boolean): string {
  return `Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,false,false,false,-1,${evaluateFormulas}`
}

/**
 * Converts `input` to flat ODF with headless LibreOffice and returns the new file's path in
 * `outDir`. `profileDir` is LibreOffice's own settings folder for this run: a fresh one per test
 * file, so runs side by side (or a LibreOffice the developer has open) do not share a lock.
 */
export async function convertToFods(input: string, outDir: string, profileDir: string, inputFilter?: string): Promise<string> {
  const args = [
    `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
    '--headless',
    '--norestore',
    ...(inputFilter ? [`--infilter=${inputFilter}`] : []),
    '--convert-to',
    'fods',
    '--outdir',
    outDir,
    input,
  ]
  const { stdout, stderr } = await promisify(execFile)(findSoffice(), args, { timeout: 120_000 })
  const out = join(outDir, `${basename(input, extname(input))}.fods`)
  if (!existsSync(out)) throw new Error(`soffice wrote no ${out}:\n${stdout}\n${stderr}`)
  return out
}
