// Reads the CSV files the app writes, refusing anything RFC 4180 does not allow.
/** A strict RFC 4180 reader: CRLF between records, quotes only around whole fields. */
export function parseCsvStrict(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let i = 0
  const fail = (why: string) => {
    throw new Error(`bad CSV at ${i}: ${why}`)
  }
  for (;;) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) fail('unterminated quote')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
          } else {
            i++
            break
          }
        } else field += text[i++]
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') fail('quote inside an unquoted field')
        field += text[i++]
      }
    }
    record.push(field)
    if (text[i] === ',') {
      i++
      continue
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2
      records.push(record)
      record = []
      if (i === text.length) return records
      continue
    }
    fail(i >= text.length ? 'no CRLF after the last record' : `unexpected ${JSON.stringify(text[i])}`)
  }
}
