// `get` through the pipeline, for a cache with plugins or a store that cannot answer at once. Apart from
// `Cache.get` so that its plugin-free path allocates none of what this one captures.
import { ABSENT, type Backend, type TierReport } from '../backends/backend.js'
import type { Cache } from './cache.js'
import { type GetRecorder, nextCall } from './direct-get.js'
import { describeFailure } from './errors.js'
import { COMMANDS } from './hooks.js'
import { execute } from './pipeline.js'
import type { CommandRunner } from './runner.js'
import { loadWith } from './serialize.js'
import type { ReadOptions } from './types.js'

// Read once: in Node the global `performance` is a getter.
const clock = globalThis.performance
// Where a store answering at once says which tier answered: read before the next call can write it.
const report: TierReport = { tier: -1 }

/**
 * A `get` whose only hooks are `recorders` (the plan's, with their `owners`), answered at once by an in-process
 * store: the recorders are told what it found, as the post-hooks would read it from the context. `undefined` when
 * the store cannot answer at once; the pipeline then runs it, without asking the store again.
 */
function recordedGet(
  cache: { readonly backend: Backend },
  recorders: readonly GetRecorder<unknown>[],
  owners: readonly unknown[],
  defaultValue: unknown,
  full: string,
  loads: (raw: unknown) => unknown,
): Promise<unknown> | undefined {
  const { backend } = cache
  const start = clock.now()
  report.tier = -1
  const now = backend.getNow?.(full, report)
  if (now === undefined) return undefined
  const found = now !== ABSENT
  let value: unknown
  try {
    value = found ? loadWith(loads, now, full) : defaultValue
  } catch (error) {
    // As the pipeline's failure path, with no error hook to call: recorders are only used where there is none.
    return Promise.reject(describeFailure(error, 'get', backend.name))
  }
  const took = clock.now() - start
  // A backend without tiers reports nothing: a hit came from its only tier.
  const tier = found ? Math.max(report.tier, 0) : -1
  const call = nextCall()
  for (let i = 0; i < recorders.length; i++) recorders[i]!.call(owners[i], cache as Cache, found, tier, took, call)
  return Promise.resolve(value)
}

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
  const plan = runner.plan(COMMANDS.get)
  let asked = false
  if (watched && plan?.recorders !== undefined) {
    const answered = recordedGet(cache, plan.recorders, plan.post.owners, defaultValue, full, loads)
    if (answered !== undefined) return answered
    asked = true
  }
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
    const now = watched && !asked ? backend.getNow?.(full, ctx) : undefined
    return now === undefined ? backend.get(full, ctx).then(answer) : answer(now)
  }
  return execute(ctx, plan, timeout, read, runner.immediate)
}
