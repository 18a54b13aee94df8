// Phone numbers shown with their middle hidden (138****5678), the way Chinese services print
// them: enough to tell two calls apart, not enough to call the customer.

/** Masks a phone number's digits: 11 or more keep the first three and the last four (a leading +
 *  and country code 86 stay), shorter ones keep less. Text that is not a phone number: unchanged. */
export function maskPhone(value: string): string {
  const match = /^(\+?(?:86[ -]?)?)(\d[\d -]*\d)$/.exec(value.trim())
  if (!match) return value
  const prefix = match[1] ?? ''
  const digits = (match[2] ?? '').replace(/[ -]/g, '')
  const [head, tail] = digits.length >= 11 ? [3, 4] : digits.length >= 7 ? [2, 2] : [0, 2]
  if (digits.length <= tail) return value
  return prefix + digits.slice(0, head) + '*'.repeat(digits.length - head - tail) + digits.slice(-tail)
}
