// CSV as Excel opens it correctly: UTF-8 with a byte-order mark (else Chinese turns to mojibake),
// CRLF line ends and RFC 4180 quoting. Used by the grades export in main and the agreement
// matrix saved from the page.

const BOM = '\uFEFF'
const NEEDS_QUOTES = /[",\r\n]/

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The whole file's text: one line per row, each cell quoted where it needs to be. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `${BOM}${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`
}
