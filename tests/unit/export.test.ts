import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { callRecordSchema, type CallRecord } from '../../shared/api-schemas'
import type { Grade } from '../../shared/ipc/contract'
import { EXPORT_COLUMNS, formatLocalTime } from '../../electron/main/services/export/columns'
import { toCsv } from '../../electron/main/services/export/csv'
import { exportGrades } from '../../electron/main/services/export/export-files'
import { buildExportRows, filterGrades, type ExportSource } from '../../electron/main/services/export/export-rows'
import { csvIdentifier, neutralizeFormula, startsFormula } from '../../shared/formula-guard'
import { convertToFods, csvImportFilter, readFodsRows, readXlsxCells } from '../support/office-files'
import { parseCsvStrict } from '../support/csv-reader'
import { useTempDirs } from '../support/temp-dirs'
import { compareIds } from '../../shared/ids'

const tempDir = useTempDirs('export-test')


const call = (fields: Partial<CallRecord> & { callRecordId: number }): CallRecord =>
  callRecordSchema.parse({ robotCallJobId: 7, resultStatus: 'ANSWERED', intentLevel: 'B', chatDuration: 61, ...fields })

const grade = (fields: Partial<Grade> & { callRecordId: number }): Grade => ({
  robotCallJobId: 7,
  realIntentLevel: 'A',
  note: '',
  reviewer: '李雷',
  updatedAt: '2024-05-01T08:00:00.000Z',
  history: [],
  ...fields,
})

const NASTY_NOTE = '客户说"下周再打"，\r\n第二行, and a comma'

function sampleSource(): ExportSource {
  const calls = new Map<number, CallRecord>([
    [1, call({ callRecordId: 1, calledPhoneNumber: '13800000001', customerConcern: ['价格', '售后'] })],
    [2, call({ callRecordId: 2, calledPhoneNumber: '+8613800000002', resultStatus: 'NO_ANSWER', intentLevel: 'F', chatDuration: 0 })],
    [3, call({ callRecordId: 3, calledPhoneNumber: '057188000003', resultStatus: 'SOMETHING_NEW', intentLevel: null })],
    [10, call({ callRecordId: 10, robotCallJobId: 8, calledPhoneNumber: '13900000010' })],
  ])
  return {
    grades: [
      grade({ callRecordId: 2, realIntentLevel: 'F', note: '=HYPERLINK("http://evil","x")', updatedAt: '2024-05-01T09:00:00.000Z' }),
      grade({ callRecordId: 1, note: NASTY_NOTE, updatedAt: '2024-05-01T08:00:00.000Z' }),
      grade({ callRecordId: 3, realIntentLevel: null, note: '-2+3', reviewer: '@admin', updatedAt: '2024-05-03T00:00:00.000Z' }),
      grade({ callRecordId: 4, note: 'call not in the cache', updatedAt: '2024-05-02T00:00:00.000Z' }),
      grade({ robotCallJobId: 8, callRecordId: 10, realIntentLevel: 'C', updatedAt: '2024-04-30T00:00:00.000Z' }),
    ],
    calls,
    jobNames: new Map([
      [7, '五月回访'],
      [8, '=cmd|calc'],
    ]),
  }
}

describe('formula guard', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    // OWASP: a leading tab or carriage return alone.
    ['\tplain', "'\tplain"],
    ['\rplain', "'\rplain"],
    // Past whatever a spreadsheet skips or cannot be seen.
    ['  =1+1', "'  =1+1"],
    ['\n=1+1', "'\n=1+1"],
    ['\r\n@SUM(A1)', "'\r\n@SUM(A1)"],
    ['\u00a0=1+1', "'\u00a0=1+1"],
    ['\u3000=1+1', "'\u3000=1+1"],
    ['\u200b=1+1', "'\u200b=1+1"],
    ['\u200c+1', "'\u200c+1"],
    ['\u200d-1', "'\u200d-1"],
    ['\u2060@A1', "'\u2060@A1"],
    ['\ufeff=1+1', "'\ufeff=1+1"],
    ['\u202e=1+1', "'\u202e=1+1"],
    ['\u00a0\u200b \t\ufeff=cmd|calc', "'\u00a0\u200b \t\ufeff=cmd|calc"],
    // The fullwidth signs a Chinese input method types, and other spellings NFKC folds.
    ['＝1+1', "'＝1+1"],
    ['＋8613800138000', "'＋8613800138000"],
    ['－5', "'－5"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['\u3000＝HYPERLINK("x")', "'\u3000＝HYPERLINK(\"x\")"],
    ['﹦1', "'﹦1"],
    ['\u2212 5', "'\u2212 5"],
    // Left alone.
    ['plain', 'plain'],
    ['a=1', 'a=1'],
    ['', ''],
    ['中文', '中文'],
    ['  plain', '  plain'],
    ['\u200bplain', '\u200bplain'],
    ['\nplain', '\nplain'],
    ['１２３', '１２３'],
    ['备注：=1', '备注：=1'],
  ])('%j → %j', (input, expected) => {
    expect(neutralizeFormula(input)).toBe(expected)
  })
})

describe('identifiers in CSV', () => {
  it.each([
    ['13800138000', '="13800138000"'],
    ['013800138000', '="013800138000"'],
    ['+8613800138000', '="+8613800138000"'],
    ['0571-8800 0003', '="0571-8800 0003"'],
    ['(010) 8800.0003', '="(010) 8800.0003"'],
    ['9007199254740991', '="9007199254740991"'],
    // Not number-like: guarded like any text, never put inside the exporter's form.
    ['="13800138000"', `'="13800138000"`],
    ['=1+1', "'=1+1"],
    ['+86 138 ext. 5', "'+86 138 ext. 5"],
    ['＋8613800138000', "'＋8613800138000"],
    ['\u00a0+8613800138000', "'\u00a0+8613800138000"],
    ['-', "'-"],
    ['', ''],
    ['未知', '未知'],
  ])('%j → %j', (input, expected) => {
    expect(csvIdentifier(input)).toBe(expected)
  })

  it('leaves digits too long for a formula’s text (Excel takes 255) as they are', () => {
    expect(csvIdentifier('1'.repeat(255))).toBe(`="${'1'.repeat(255)}"`)
    expect(csvIdentifier('1'.repeat(256))).toBe('1'.repeat(256))
  })
})

describe('export rows', () => {
  it('joins grades with their calls, sorted by task, time, call', () => {
    const rows = buildExportRows(sampleSource(), 'zh-CN')
    expect(rows.map((r) => r.callRecordId)).toEqual([1, 2, 4, 3, 10])
    expect(rows[0]).toEqual({
      robotCallJobId: 7,
      jobName: '五月回访',
      callRecordId: 1,
      phone: '13800000001',
      resultStatus: '已接听',
      aiIntentLevel: 'B',
      realIntentLevel: 'A',
      note: NASTY_NOTE,
      reviewer: '李雷',
      reviewedAt: new Date('2024-05-01T08:00:00.000Z'),
      durationSec: 61,
      concerns: '价格、售后',
    })
    const missing = rows[2]!
    expect([missing.phone, missing.resultStatus, missing.aiIntentLevel, missing.durationSec, missing.concerns]).toEqual(['', '', '', null, ''])
    expect(rows[3]!.resultStatus).toBe('SOMETHING_NEW')
    expect(buildExportRows(sampleSource(), 'en')[1]!.resultStatus).toBe('No answer')
  })

  it('filters by task, by the calls of the current filter and by grading time', () => {
    const { grades } = sampleSource()
    const ids = (list: Grade[]) => list.map((a) => a.callRecordId).sort(compareIds)
    expect(ids(filterGrades(grades, { robotCallJobId: 8 }))).toEqual([10])
    expect(ids(filterGrades(grades, { callRecordIds: new Set([1, 3, 99]) }))).toEqual([1, 3])
    expect(ids(filterGrades(grades, { callRecordIds: [] }))).toEqual([])
    expect(
      ids(filterGrades(grades, { from: new Date('2024-05-01T09:00:00.000Z'), to: new Date('2024-05-02T00:00:00.000Z') })),
    ).toEqual([2, 4])
    expect(ids(filterGrades(grades, { robotCallJobId: 7, to: new Date('2024-05-01T08:30:00Z') }))).toEqual([1])
  })
})

describe('CSV export', () => {
  it('writes a UTF-8 file with BOM, CRLF, quoting and neutralised formulas that reads back', async () => {
    const path = join(tempDir(), 'reviews.csv')
    const result = await exportGrades({ format: 'csv', path, source: sampleSource(), timeZone: 'Asia/Shanghai' })
    expect(result).toEqual({ path, rowCount: 5 })
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    const records = parseCsvStrict(text)
    expect(records[0]).toEqual(EXPORT_COLUMNS.map((c) => c.header['zh-CN']))
    expect(records[0]).toContain('复核意向等级')
    expect(records).toHaveLength(6)
    for (const record of records) expect(record).toHaveLength(EXPORT_COLUMNS.length)
    expect(records[1]).toEqual([
      '="7"',
      '五月回访',
      '="1"',
      '="13800000001"',
      '已接听',
      'B',
      'A',
      NASTY_NOTE,
      '李雷',
      '2024-05-01 16:00:00',
      '61',
      '价格、售后',
    ])
    expect(records[2]).toEqual([
      '="7"',
      '五月回访',
      '="2"',
      '="+8613800000002"',
      '未接',
      'F',
      'F',
      `'=HYPERLINK("http://evil","x")`,
      '李雷',
      '2024-05-01 17:00:00',
      '0',
      '',
    ])
    expect(records[3]!.slice(2, 4)).toEqual(['="4"', ''])
    expect(records[4]!.slice(3, 4)).toEqual(['="057188000003"'])
    expect(records[4]!.slice(6, 9)).toEqual(['', "'-2+3", "'@admin"])
    expect(records[5]!.slice(0, 2)).toEqual(['="8"', "'=cmd|calc"])
    // No cell of the file starts a formula but the exporter's own text form, digits inside.
    for (const record of records) {
      for (const cell of record) if (!/^="[0-9+\-()./ ]+"$/.test(cell)) expect(startsFormula(cell)).toBe(false)
    }
  })

  it('writes English headers and labels on request, and only the header for no rows', () => {
    const csv = toCsv(buildExportRows(sampleSource(), 'en', { robotCallJobId: 7 }), { language: 'en', timeZone: 'UTC' })
    const records = parseCsvStrict(csv.slice(1))
    expect(records[0]).toEqual([
      'Task ID',
      'Task name',
      'Call ID',
      'Phone',
      'Result',
      'AI intent',
      'Reviewer grade',
      'Note',
      'Reviewer',
      'Reviewed at',
      'Duration (s)',
      'Customer concerns',
    ])
    expect(records[1]![4]).toBe('Answered')
    expect(records[1]![11]).toBe('价格; 售后')
    expect(records[1]![9]).toBe('2024-05-01 08:00:00')
    expect(toCsv([], { language: 'en' })).toBe(`\uFEFF${records[0]!.join(',')}\r\n`)
  })

  it('formats times on the reviewer’s clock', () => {
    expect(formatLocalTime(new Date('2024-12-31T16:30:05.000Z'), 'Asia/Shanghai')).toBe('2025-01-01 00:30:05')
    expect(formatLocalTime(new Date('2024-07-01T00:00:00.000Z'), 'UTC')).toBe('2024-07-01 00:00:00')
  })
})

describe('XLSX export', () => {
  it('writes a workbook with a bold frozen header, widths and guarded values', async () => {
    const path = join(tempDir(), 'reviews.xlsx')
    const result = await exportGrades({ format: 'xlsx', path, source: sampleSource(), timeZone: 'Asia/Shanghai' })
    expect(result.rowCount).toBe(5)

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(path)
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe('复核结果')
    expect(sheet.rowCount).toBe(6)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const header = sheet.getRow(1)
    expect(EXPORT_COLUMNS.map((_, i) => header.getCell(i + 1).value)).toEqual(EXPORT_COLUMNS.map((c) => c.header['zh-CN']))
    expect(header.getCell(1).font?.bold).toBe(true)
    EXPORT_COLUMNS.forEach((c, i) => expect(sheet.getColumn(i + 1).width).toBe(c.width))

    const first = sheet.getRow(2)
    expect(first.getCell(1).value).toBe('7')
    expect(first.getCell(2).value).toBe('五月回访')
    expect(first.getCell(3).value).toBe('1')
    expect(first.getCell(4).value).toBe('13800000001')
    expect(first.getCell(5).value).toBe('已接听')
    expect(first.getCell(8).value).toBe(NASTY_NOTE.replace('\r\n', '\n'))
    expect(first.getCell(10).value).toEqual(new Date('2024-05-01T16:00:00.000Z'))
    expect(first.getCell(10).numFmt).toBe('yyyy-mm-dd hh:mm:ss')
    expect(first.getCell(11).value).toBe(61)

    const second = sheet.getRow(3)
    expect(second.getCell(4).value).toBe('+8613800000002')
    expect(second.getCell(8).value).toBe(`'=HYPERLINK("http://evil","x")`)
    expect(second.getCell(8).formula).toBeUndefined()
    expect(sheet.getRow(5).getCell(7).value).toBeNull()
    expect(sheet.getRow(6).getCell(2).value).toBe("'=cmd|calc")
  })

  it('writes English headers on request', async () => {
    const path = join(tempDir(), 'reviews-en.xlsx')
    await exportGrades({ format: 'xlsx', path, source: sampleSource(), language: 'en', filter: { robotCallJobId: 8 } })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(path)
    const sheet = workbook.getWorksheet('Reviews')!
    expect(sheet.getRow(1).getCell(7).value).toBe('Reviewer grade')
    expect(sheet.rowCount).toBe(2)
  })
})

/** Calls whose identifiers a spreadsheet would turn into numbers, and notes that try to run. */
const BIG_JOB = 900719925474099
const BIG_CALL = 9007199254740991
const PROBES = [
  { callRecordId: BIG_CALL, phone: '13800138000', note: '=HYPERLINK("http://evil","x")', duration: 61 },
  { callRecordId: 2, phone: '013800138000', note: '\u00a0=1+1', duration: -5 },
  { callRecordId: 3, phone: '+8613800138000', note: '＝1+1', duration: 0 },
  { callRecordId: 4, phone: '0571-8800 0003', note: '\u200b@SUM(A1)', duration: 7 },
  // What a server could send that looks like the exporter's own form: guarded, not trusted.
  { callRecordId: 5, phone: '="13800138000"', note: '-2+3', duration: 12 },
] as const

function probeSource(): ExportSource {
  return {
    grades: PROBES.map((p, i) =>
      grade({ robotCallJobId: BIG_JOB, callRecordId: p.callRecordId, note: p.note, updatedAt: `2024-05-01T0${i}:00:00.000Z` }),
    ),
    calls: new Map(
      PROBES.map((p) => [
        p.callRecordId,
        call({ robotCallJobId: BIG_JOB, callRecordId: p.callRecordId, calledPhoneNumber: p.phone, chatDuration: p.duration }),
      ]),
    ),
    jobNames: new Map([[BIG_JOB, '五月回访']]),
  }
}

const column = (key: (typeof EXPORT_COLUMNS)[number]['key']) => EXPORT_COLUMNS.findIndex((c) => c.key === key)
const letter = (key: (typeof EXPORT_COLUMNS)[number]['key']) => String.fromCharCode(65 + column(key))

/** What the reviewer sees in each probe's phone cell: the digits themselves, or the guarded text. */
const shownPhone = (phone: string) => (phone.startsWith('=') ? `'${phone}` : phone)

/** A probe's identifier columns and the text each shows. */
const identifiers = (p: (typeof PROBES)[number]) =>
  [
    ['robotCallJobId', String(BIG_JOB)],
    ['callRecordId', String(p.callRecordId)],
    ['phone', shownPhone(p.phone)],
  ] as const

describe('XLSX identifiers', () => {
  it('are string cells in the text format, without a visible quote; numbers stay numbers', async () => {
    const path = join(tempDir(), 'ids.xlsx')
    await exportGrades({ format: 'xlsx', path, source: probeSource(), timeZone: 'UTC' })
    const cells = readXlsxCells(path)
    PROBES.forEach((p, i) => {
      const row = i + 2
      for (const [key, text] of identifiers(p)) {
        const cell = cells.get(`${letter(key)}${row}`)
        expect(cell, `${key} of row ${row}`).toMatchObject({ type: 's', value: text, formula: undefined, numFmt: '@' })
      }
      expect(cells.get(`${letter('durationSec')}${row}`)).toMatchObject({ type: undefined, value: String(p.duration) })
      expect(cells.get(`${letter('note')}${row}`)).toMatchObject({ type: 's', value: `'${p.note}`, formula: undefined })
    })
  })
})

describe('opened in LibreOffice', () => {
  const work = tempDir()
  const profile = join(work, 'lo-profile')

  it(
    'reads the CSV’s identifiers as text with every digit, 0 and + kept; numbers as numbers; no note as a formula',
    async () => {
      const csv = join(work, 'ids.csv')
      await exportGrades({ format: 'csv', path: csv, source: probeSource(), timeZone: 'UTC' })

      // Formulas evaluated, as Excel reads a CSV: the cells show the identifiers themselves.
      let rows = readFodsRows(await convertToFods(csv, join(work, 'evaluated'), profile, csvImportFilter(true)))
      expect(rows[0]!.slice(0, EXPORT_COLUMNS.length).map((c) => c.text)).toEqual(EXPORT_COLUMNS.map((c) => c.header['zh-CN']))
      PROBES.forEach((p, i) => {
        const row = rows[i + 1]!
        for (const [key, text] of identifiers(p)) {
          expect(row[column(key)], `${key} of row ${i + 1}`).toMatchObject({ type: 'string', text, value: text })
          // The exporter's form is the one formula in the file: a text constant, nothing else.
          const formula = row[column(key)]!.formula
          if (formula !== undefined) expect(formula).toBe(`of:="${text}"`)
        }
        expect(row[column('durationSec')]).toMatchObject({ type: 'float', value: String(p.duration) })
        expect(row[column('note')]).toMatchObject({ type: 'string', text: `'${p.note}`, formula: undefined })
        expect(row[column('jobName')]).toMatchObject({ type: 'string', text: '五月回访' })
      })

      // Formulas not evaluated (Calc's import dialog as it comes): the form shows as written,
      // still text with every digit, and nothing runs.
      rows = readFodsRows(await convertToFods(csv, join(work, 'as-text'), profile, csvImportFilter(false)))
      PROBES.forEach((p, i) => {
        const row = rows[i + 1]!
        for (const [key, text] of identifiers(p)) {
          const shown = text.startsWith("'") ? text : `="${text}"`
          expect(row[column(key)], `${key} of row ${i + 1}`).toMatchObject({ type: 'string', text: shown, formula: undefined })
        }
        expect(row[column('durationSec')]).toMatchObject({ type: 'float', value: String(p.duration) })
      })
    },
    180_000,
  )

  it(
    'reads the XLSX’s identifiers as text too',
    async () => {
      const xlsx = join(work, 'ids.xlsx')
      await exportGrades({ format: 'xlsx', path: xlsx, source: probeSource(), timeZone: 'UTC' })
      const rows = readFodsRows(await convertToFods(xlsx, work, profile))
      PROBES.forEach((p, i) => {
        const row = rows[i + 1]!
        for (const [key, text] of identifiers(p)) {
          expect(row[column(key)], `${key} of row ${i + 1}`).toMatchObject({ type: 'string', text, formula: undefined })
        }
        expect(row[column('durationSec')]).toMatchObject({ type: 'float', value: String(p.duration) })
      })
    },
    180_000,
  )
})
