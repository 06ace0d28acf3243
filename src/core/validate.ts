// Argument checks shared by every command. Messages name the argument and show what was given.

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}

/** Throws a `TypeError` unless `key` is a string. */
export function assertKey(key: unknown, name = 'key'): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`${name} must be a string, got ${describe(key)}`)
}

/** Throws a `TypeError` unless `keys` is an array of strings. */
export function assertKeys(keys: unknown, name = 'keys'): asserts keys is string[] {
  if (!Array.isArray(keys)) throw new TypeError(`${name} must be an array of strings, got ${describe(keys)}`)
  keys.forEach((key, index) => assertKey(key, `${name}[${index}]`))
}

/** Throws a `TypeError` when `value` is `undefined`, which would be indistinguishable from a miss. */
export function assertValue(value: unknown, name = 'value'): void {
  if (value === undefined) throw new TypeError(`${name} must not be undefined (undefined means "missing")`)
}

/** Throws unless `pairs` is an array of `[key, value]` pairs with string keys and defined values. */
export function assertPairs(pairs: unknown, name = 'pairs'): asserts pairs is [string, unknown][] {
  if (!Array.isArray(pairs))
    throw new TypeError(`${name} must be an array of [key, value] pairs, got ${describe(pairs)}`)
  pairs.forEach((pair: unknown, index) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`${name}[${index}] must be a [key, value] pair, got ${describe(pair)}`)
    }
    assertKey(pair[0], `${name}[${index}][0] (key)`)
    assertValue(pair[1], `${name}[${index}][1] (value)`)
  })
}

/** Throws unless `value` is a non-negative number of milliseconds (`Infinity` allowed). */
export function assertDuration(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number')
    throw new TypeError(`${name} must be a non-negative number of ms, got ${describe(value)}`)
  if (Number.isNaN(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative number of ms, got ${describe(value)}`)
}

/** Throws unless `delta` is a safe integer. */
export function assertDelta(delta: unknown, name = 'delta'): asserts delta is number {
  if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) {
    throw new TypeError(`${name} must be an integer, got ${describe(delta)}`)
  }
}

/** Throws unless `limit` is a positive integer. */
export function assertLimit(limit: unknown, name = 'limit'): asserts limit is number {
  if (typeof limit !== 'number') throw new TypeError(`${name} must be a positive integer, got ${describe(limit)}`)
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`${name} must be a positive integer, got ${describe(limit)}`)
}

/** Throws a `TypeError` naming every member of `options` that is not one of `known`. */
export function assertKnownOptions(options: object, known: readonly string[], name = 'options'): void {
  const unknown = Object.keys(options).filter((option) => !known.includes(option))
  if (unknown.length > 0)
    throw new TypeError(`${name} has unknown option(s) ${unknown.join(', ')}; known: ${known.join(', ')}`)
}
