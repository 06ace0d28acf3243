import type { Codec } from '../backends/backend.js'

/**
 * A plain object that turns values into their stored form and back, as aiocache's `dumps`/`loads`.
 * Any `{ dumps, loads }` object works; failures become a `SerializationError` and nothing is stored.
 */
export type Serializer = Codec
