// Used by the grades export in main and the agreement matrix saved from the page.
// A cell whose text starts with = + - @ (or a tab / carriage return) is read by spreadsheet
// programs as a formula; a note or a phone number from the server must never run as one.
// The usual defence (OWASP "CSV injection"): prefix a single quote so it stays text, the
// original still readable after it.

// A sign behind spaces or invisible characters is one trim, paste or other program away from
// starting a formula, and some programs read the fullwidth ＝＋－＠ (as a Chinese input method types
// them) as the ASCII ones; so the sign is looked for in the text normalised (NFKC) past anything
// invisible: spaces of every kind (NBSP, ideographic), line breaks and other control characters,
// zero-width and direction marks, the byte-order mark.
const INVISIBLE_START = /^[\p{White_Space}\p{Cc}\p{Cf}]+/u
// U+2212 MINUS SIGN: what NFKC turns a superscript minus into, and read as a minus too.
const FORMULA_SIGN = /^[=+\-@\u2212]/
// OWASP also names a leading tab or carriage return on its own.
const CONTROL_START = /^[\t\r]/

export function startsFormula(text: string): boolean {
  return CONTROL_START.test(text) || FORMULA_SIGN.test(text.normalize('NFKC').replace(INVISIBLE_START, ''))
}

export function neutralizeFormula(text: string): string {
  return startsFormula(text) ? `'${text}` : text
}

// Identifiers (phone numbers, task and call ids) are text, but a spreadsheet opening a CSV makes
// 13800138000 a number (1.38E+10), drops the 0 of 0571… and the + of +86…, and rounds ids past
// 15 digits. Number-like ones are therefore written `="13800138000"`: a formula whose result is
// that text, in Excel and in LibreOffice evaluating formulas (not evaluating them, it shows the
// form as written, still text with every digit). Only digits, signs and the separators of phone
// numbers may go inside, so the result can call no function and no other program: whatever
// else a server sends (`="1"` included) is guarded like any text. 255 characters is the longest
// text Excel takes in a formula.
const NUMBER_LIKE = /^(?=.*[0-9])[0-9+\-()./ ]{1,255}$/

/** Whether an identifier is written in the exporter's text form (CSV) or as a plain text cell
 *  (XLSX) rather than through the guard: it cannot start a formula worth guarding against. */
export function isNumberLike(text: string): boolean {
  return NUMBER_LIKE.test(text)
}

/** An identifier's CSV cell: `="…"` when number-like, otherwise guarded text. */
export function csvIdentifier(text: string): string {
  return isNumberLike(text) ? `="${text}"` : neutralizeFormula(text)
}
