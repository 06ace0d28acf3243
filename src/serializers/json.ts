import type { Serializer } from './serializer.js'

// Keys that would reach Object.prototype when a loaded object is later merged or assigned.
const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
// Text that could hold one of them: the words themselves, or any \u escape that could spell them. Only such
// text pays for the reviver, which makes JSON.parse several times slower.
const MAYBE_POLLUTING = /__proto__|constructor|prototype|\\u/

function rejectPollutingKeys(key: string, value: unknown): unknown {
  if (POLLUTING_KEYS.has(key)) throw new TypeError(`JSON contains the forbidden key ${JSON.stringify(key)}`)
  return value
}

/**
 * Stores values as JSON text. Values JSON cannot represent (functions, symbols, `BigInt`, cycles)
 * fail to store; loading rejects `__proto__`, `constructor` and `prototype` keys.
 *
 * @example
 * new Cache({ serializer: JsonSerializer })
 */
export const JsonSerializer: Serializer = {
  dumps(value) {
    const text = JSON.stringify(value)
    if (text === undefined) throw new TypeError(`JSON cannot represent a value of type ${typeof value}`)
    return text
  },
  loads(raw) {
    if (typeof raw !== 'string') throw new TypeError(`JSON input must be a string, got ${typeof raw}`)
    return MAYBE_POLLUTING.test(raw) ? JSON.parse(raw, rejectPollutingKeys) : JSON.parse(raw)
  },
}
