// Compares an answer with a documented example's shape: the platform's examples are the facts a
// simulated answer is held to, field by field, at every depth.

/**
 * Every field of the documented example, at every depth, is in `actual` with the same JSON type
 * (an example's null stands for any value; an example's list for a list whose items are alike).
 * Returns the paths that are missing or of another type. `freeMaps` are paths (like
 * 'data.customerPerson.properties') whose example is a map of free keys: only its type counts.
 */
export function missingShape(example: unknown, actual: unknown, path = 'data', freeMaps: readonly string[] = []): string[] {
  if (example === null) return []
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: not a list`]
    if (example.length === 0 || actual.length === 0) return []
    return actual.flatMap((item, i) => missingShape(example[0], item, `${path}[${i}]`, freeMaps))
  }
  if (typeof example === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: not an object`]
    if (freeMaps.includes(path)) return []
    return Object.entries(example).flatMap(([key, value]) =>
      key in actual ? missingShape(value, (actual as Record<string, unknown>)[key], `${path}.${key}`, freeMaps) : [`${path}.${key}: missing`],
    )
  }
  // null where the example has a value is allowed: the documentation's own examples mix them.
  return actual === null || typeof actual === typeof example ? [] : [`${path}: ${typeof actual}, documented ${typeof example}`]
}
