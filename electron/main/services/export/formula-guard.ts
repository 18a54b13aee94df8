// A cell whose text starts with = + - @ (or a tab / carriage return) is read by spreadsheet
// programs as a formula; a note or a phone number from the server must never run as one.
// The usual defence (OWASP "CSV injection"): prefix a single quote so it stays text.
const FORMULA_START = /^[=+\-@\t\r]/

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}
