import { decode, encode } from '@msgpack/msgpack'
import { assertPlainData, type PlainDataRules } from './plain-data.js'
import type { Serializer } from './serializer.js'

const MSGPACK_DATA: PlainDataRules = {
  format: 'MessagePack',
  // Its decoder refuses this key, so a value holding it could never be read back.
  forbiddenKeys: new Set(['__proto__']),
  // It writes text as UTF-8, where a lone surrogate would come back as U+FFFD.
  wellFormedKeys: true,
  leaf: (value) =>
    (typeof value === 'string' && value.isWellFormed()) ||
    typeof value === 'boolean' ||
    value === null ||
    (typeof value === 'number' && !Object.is(value, -0)) ||
    (value instanceof Date && !Number.isNaN(value.getTime())) ||
    value instanceof Uint8Array,
}

/**
 * Stores values as MessagePack bytes (`Uint8Array`): compact, binary-safe, and exact for `Date`, bytes, `NaN` and
 * `Infinity` where JSON is not. It stores what it gives back equal: well-formed strings, numbers (not `-0`), booleans, `null`,
 * valid `Date`s, `Uint8Array`s (a `Buffer` comes back as a `Uint8Array`), and plain arrays and objects of them;
 * anything else (`undefined` members, `BigInt`, `Map` and other class instances, the key `__proto__`) fails to
 * store with the path of the offending part.
 *
 * @example
 * new Cache({ serializer: MsgPackSerializer })
 */
export const MsgPackSerializer: Serializer = {
  dumps(value) {
    assertPlainData(value, MSGPACK_DATA)
    return encode(value)
  },
  loads(raw) {
    if (!(raw instanceof Uint8Array || raw instanceof ArrayBuffer)) {
      throw new TypeError(`MessagePack input must be bytes, got ${typeof raw}`)
    }
    return decode(raw)
  },
}
