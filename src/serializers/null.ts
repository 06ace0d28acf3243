import type { Serializer } from './serializer.js'

/**
 * Stores values as they are (the default). On the memory backend the cache then holds the very
 * object you stored; on IndexedDB the browser's structured clone copies it.
 *
 * @example
 * new Cache({ serializer: NullSerializer })
 */
export const NullSerializer: Serializer = {
  dumps: (value) => value,
  loads: (raw) => raw,
}
