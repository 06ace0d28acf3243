import { assertPlainData, type PlainDataRules } from './plain-data.js'
import type { Serializer } from './serializer.js'
import { textOf } from './text.js'

// Keys that would reach Object.prototype when a loaded object is later merged or assigned.
const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
// Text that could hold one of them: the words themselves, or any \u escape that could spell them. Only such
// text pays for the reviver, which makes JSON.parse several times slower.
const MAYBE_POLLUTING = /__proto__|constructor|prototype|\\u/

function rejectPollutingKeys(key: string, value: unknown): unknown {
  if (POLLUTING_KEYS.has(key)) throw new TypeError(`JSON contains the forbidden key ${JSON.stringify(key)}`)
  return value
}

const JSON_DATA: PlainDataRules = {
  format: 'JSON',
  forbiddenKeys: POLLUTING_KEYS,
  // -0, NaN and ±Infinity would come back as 0 and null: only what JSON gives back equal is stored.
  leaf: (value) =>
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value === null ||
    (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)),
}

/**
 * Stores values as JSON text, and only values JSON gives back equal: strings, finite numbers (not `-0`), booleans,
 * `null`, and plain arrays (without holes) and plain objects of them. Anything else (`NaN`, `Infinity`, `-0`,
 * `undefined` members, functions, symbols, `BigInt`, `Date` and other class instances, cycles, and the keys
 * `__proto__`, `constructor` and `prototype`) fails to store with the path of the offending part; loading
 * rejects those keys too. It loads text, or bytes as UTF-8 (Redis with `binary: true`).
 *
 * @example
 * new Cache({ serializer: JsonSerializer })
 */
export const JsonSerializer: Serializer = {
  dumps(value) {
    assertPlainData(value, JSON_DATA)
    return JSON.stringify(value)
  },
  loads(raw) {
    const text = textOf(raw, 'JSON')
    return MAYBE_POLLUTING.test(text) ? JSON.parse(text, rejectPollutingKeys) : JSON.parse(text)
  },
}
