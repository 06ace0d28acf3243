// `cache.purge()`: the whole store emptied, everywhere, for sign-out.
import type { Backend } from '../backends/backend.js'
import { BackendError } from './errors.js'
import type { CommandRunner } from './runner.js'
import type { CommandOptions } from './types.js'
import { attempt } from './validate.js'

// Rounds of clearing while other contexts keep writing, before purge gives up.
const ROUNDS = 5

/**
 * Clears the whole store (every namespace; a `TieredBackend`: the last tier, then every faster tier, and every
 * other context is told to drop its faster tiers), then reads the store back: a write another context made in
 * between is cleared too, until the store is empty.
 */
export function purge(
  backend: Backend,
  runner: CommandRunner,
  options: Pick<CommandOptions, 'timeout'>,
): Promise<true> {
  return attempt('purge', options, () =>
    runner.run({ command: 'purge' as const, options }, undefined, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await backend.clear('')
        const left = await backend.scanPage('', undefined, 1)
        if (left.entries.length === 0 && left.cursor === undefined) return true as const
      }
      throw new BackendError(`purge: the ${backend.name} store was written again after each of ${ROUNDS} clears`)
    }),
  )
}
