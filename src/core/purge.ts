// `cache.purge()`: the whole store emptied, everywhere, for sign-out. Loaded when a cache first purges.
import type { Backend } from '../backends/backend.js'
import { BackendError } from './errors.js'

// Rounds of clearing while other contexts keep writing, before purge gives up.
const ROUNDS = 5

/**
 * Clears the whole store (every namespace; a `TieredBackend`: the last tier, then every faster tier, and every
 * other context is told to drop its faster tiers), then reads the store back: a write another context made in
 * between is cleared too, until the store is empty.
 */
export async function purge(backend: Backend): Promise<true> {
  for (let round = 0; round < ROUNDS; round++) {
    await backend.clear('')
    const left = await backend.scanPage('', undefined, 1)
    if (left.entries.length === 0 && left.cursor === undefined) return true
  }
  throw new BackendError(`purge: the ${backend.name} store was written again after each of ${ROUNDS} clears`)
}
