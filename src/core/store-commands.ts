// The commands on the store as a whole (clear, purge) and straight on its backend (raw).
import type { Backend } from '../backends/backend.js'
import { COMMANDS } from './hooks.js'
import type { KeyedCache } from './key-commands.js'
import type { CommandRunner } from './runner.js'
import type { CommandOptions, KeyBuilder } from './types.js'
import { assertKey, attempt, prefixOf } from './validate.js'

/** `cache.clear()`: removes the entries of the call's (or the cache's) namespace; without one, the whole store. */
export function clear(
  cache: KeyedCache & { readonly keyBuilder: KeyBuilder },
  runner: CommandRunner,
  options: CommandOptions,
): Promise<true> {
  return attempt('clear', options, () => {
    const prefix = prefixOf('clear', options, cache.namespace, cache.keyBuilder)
    return runner.run({ cache, command: 'clear' as const, options }, COMMANDS.clear, async () => {
      await cache.backend.clear(prefix)
      return true as const
    })
  })
}

/** `cache.purge()`: empties the whole store, everywhere; its code (purge.ts) loads on the first call. */
export function purge(backend: Backend, runner: CommandRunner, options: Pick<CommandOptions, 'timeout'>) {
  return attempt('purge', options, () =>
    runner.run({ command: 'purge' as const, options }, undefined, async () =>
      (await import('./purge.js')).purge(backend),
    ),
  )
}

/** `cache.raw(command, ...args)`: a command sent straight to the backend's store or client. */
export function raw(cache: KeyedCache, runner: CommandRunner, command: string, args: unknown[]): Promise<unknown> {
  return attempt('raw', undefined, () => {
    assertKey(command, 'command')
    const ctx = { cache, command: 'raw' as const, rawCommand: command, args, options: {} }
    return runner.run(ctx, COMMANDS.raw, () => cache.backend.raw(command, ...args))
  })
}
