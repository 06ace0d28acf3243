// The commands on many keys at once (multiGet, multiSet): one backend round trip for all of them.
import { COMMANDS } from './hooks.js'
import { type KeyedCache, writeTtl } from './key-commands.js'
import type { CommandRunner } from './runner.js'
import { dumpWith, loadWith } from './serialize.js'
import { writeTags } from './tags.js'
import type { ReadOptions, SetOptions } from './types.js'
import { assertKeys, assertPairs, attempt } from './validate.js'

/** `cache.multiGet(keys)`: the values of `keys` in order, `undefined` for misses. */
export function multiGet<V>(
  cache: KeyedCache,
  runner: CommandRunner,
  keys: string[],
  options: ReadOptions,
): Promise<(V | undefined)[]> {
  return attempt('multiGet', options, () => {
    assertKeys(keys)
    const full = keys.map((key) => cache.buildKey(key, options.namespace))
    const ctx = {
      cache,
      command: 'multiGet' as const,
      keys,
      options,
      found: [] as boolean[],
      tier: [] as number[],
    }
    return runner.run(ctx, COMMANDS.multiGet, async () => {
      const raws = await cache.backend.multiGet(full, ctx)
      const reported = ctx.tier
      ctx.found = raws.map((raw) => raw !== undefined)
      ctx.tier = raws.map((raw, i) => (raw === undefined ? -1 : (reported[i] ?? 0)))
      const loads = options.loads ?? cache.serializer.loads
      return raws.map((raw, i) =>
        raw === undefined ? undefined : (loadWith(loads, raw, full[i]!, 'multiGet', cache.backend.name) as V),
      )
    })
  })
}

/** `cache.multiSet(pairs)`: stores every `[key, value]` pair at once. */
export function multiSet<V>(
  cache: KeyedCache,
  runner: CommandRunner,
  pairs: [string, V][],
  options: SetOptions,
): Promise<true> {
  return attempt('multiSet', options, () => {
    assertPairs(pairs)
    const ttl = writeTtl(cache, options)
    const tags = writeTags(cache.backend, options)
    const dumps = options.dumps ?? cache.serializer.dumps
    const ctx = { cache, command: 'multiSet' as const, pairs, options }
    return runner.run(ctx, COMMANDS.multiSet, async () => {
      const stored = pairs.map(([key, value]) => {
        const full = cache.buildKey(key, options.namespace)
        return [full, dumpWith(dumps, value, full, 'multiSet', cache.backend.name)] as const
      })
      await cache.backend.multiSet(stored, ttl, tags)
      return true as const
    })
  })
}
