import { decode, encode } from '@msgpack/msgpack'
import type { Serializer } from './serializer.js'

/**
 * Stores values as MessagePack bytes (`Uint8Array`): compact, binary-safe, and exact for
 * `Date`, typed arrays and big integers where JSON is not.
 *
 * @example
 * new Cache({ serializer: MsgPackSerializer })
 */
export const MsgPackSerializer: Serializer = {
  dumps: (value) => encode(value),
  loads(raw) {
    if (!(raw instanceof Uint8Array || raw instanceof ArrayBuffer)) {
      throw new TypeError(`MessagePack input must be bytes, got ${typeof raw}`)
    }
    return decode(raw)
  },
}
