// `get` through the pipeline, for a cache with plugins or a store that cannot answer at once. Apart from
// `Cache.get` so that its plugin-free path allocates none of what this one captures.
import { ABSENT, type Backend } from '../backends/backend.js'
import { COMMANDS } from './hooks.js'
import { execute } from './pipeline.js'
import type { CommandRunner } from './runner.js'
import { loadWith } from './serialize.js'
import type { ReadOptions } from './types.js'

/**
 * Runs `cache.get(key, defaultValue, options)` for the stored key `full`. The context holds `ret` and `took` from
 * the start, so it never changes shape; `watched`: the cache has plugins, which may read the tier that answered.
 */
export function hookedGet(
  cache: { readonly backend: Backend },
  runner: CommandRunner,
  key: string,
  defaultValue: unknown,
  options: ReadOptions,
  full: string,
  loads: (raw: unknown) => unknown,
  watched: boolean,
  timeout: number,
): Promise<unknown> {
  const { backend } = cache
  const ctx = {
    cache,
    command: 'get' as const,
    key,
    default: defaultValue,
    options,
    found: false,
    tier: -1,
    ret: undefined as unknown,
    took: 0,
  }
  const answer = (raw: unknown): unknown => {
    ctx.found = raw !== undefined && raw !== ABSENT
    // A backend without tiers reports nothing: a hit came from its only tier.
    ctx.tier = ctx.found ? Math.max(ctx.tier, 0) : -1
    return ctx.found ? loadWith(loads, raw, full) : defaultValue
  }
  // Unwatched, the store has already said it cannot answer at once; else an in-process store (or a memory tier
  // that has the key) answers without a promise, a hit or a miss.
  const read = () => {
    const now = watched ? backend.getNow?.(full, ctx) : undefined
    return now === undefined ? backend.get(full, ctx).then(answer) : answer(now)
  }
  return execute(ctx, runner.plan(COMMANDS.get), timeout, read, runner.immediate)
}
