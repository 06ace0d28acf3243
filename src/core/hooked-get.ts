// `get` through the pipeline, for a cache with plugins or a store that cannot answer at once. Apart from
// `Cache.get` so that its plugin-free path allocates none of what this one captures.
import { ABSENT, type Backend } from '../backends/backend.js'
import { describeFailure } from './errors.js'
import { COMMANDS } from './hooks.js'
import { callHooks, clock, execute } from './pipeline.js'
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
  const plan = runner.plan(COMMANDS.get)
  const direct = plan?.direct
  if (direct) {
    // Only post-hooks of synchronous plugins, and an in-process store (or a memory tier that has the key) answering
    // at once: what the pipeline would do, done here, with no closure and no promise but the one returned.
    const start = clock.now()
    const report = { tier: -1 }
    const now = backend.getNow?.(full, report)
    if (now !== undefined) {
      try {
        const found = now !== ABSENT
        const ret = found ? loadWith(loads, now, full) : defaultValue
        const tier = found ? Math.max(report.tier, 0) : -1
        const took = clock.now() - start
        const ctx = { cache, command: 'get' as const, key, default: defaultValue, options, found, tier, ret, took }
        callHooks(plan.post, ctx)
        return Promise.resolve(ret)
      } catch (error) {
        // As the pipeline fails a command, with no error hook to call.
        return Promise.reject(describeFailure(error, 'get', backend.name))
      }
    }
  }
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
  // Unwatched, or asked above, the store has already said it cannot answer at once; else an in-process store (or a
  // memory tier that has the key) answers without a promise, a hit or a miss.
  const read = () => {
    const now = watched && !direct ? backend.getNow?.(full, ctx) : undefined
    return now === undefined ? backend.get(full, ctx).then(answer) : answer(now)
  }
  return execute(ctx, plan, timeout, read, runner.immediate)
}
