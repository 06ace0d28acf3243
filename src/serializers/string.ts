import type { Serializer } from './serializer.js'

/**
 * Stores `String(value)`; loads give strings back, as aiocache's `StringSerializer`.
 *
 * @example
 * await new Cache({ serializer: StringSerializer }).set('n', 1) // stored as '1'
 */
export const StringSerializer: Serializer = {
  dumps: (value) => String(value),
  loads: (raw) => (raw === undefined || raw === null ? raw : String(raw)),
}
