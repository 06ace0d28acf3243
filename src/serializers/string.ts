import type { Serializer } from './serializer.js'
import { textOf } from './text.js'

/**
 * Stores `String(value)`; loads give strings back (bytes decoded as UTF-8), as aiocache's `StringSerializer`.
 *
 * @example
 * await new Cache({ serializer: StringSerializer }).set('n', 1) // stored as '1'
 */
export const StringSerializer: Serializer = {
  dumps: (value) => String(value),
  loads: (raw) =>
    raw === undefined || raw === null ? raw : raw instanceof Uint8Array ? textOf(raw, 'String') : String(raw),
}
