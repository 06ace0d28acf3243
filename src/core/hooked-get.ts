// `get` through the pipeline, for a cache with plugins or a store that cannot answer at once. Apart from
// `Cache.get` so that its plugin-free path allocates none of what this one captures.
import { ABSENT, type Backend } from '../backends/backend.js'
import { COMMANDS, type HookPlan } from './hooks.js'
import { callHooks, clock, execute } from './pipeline.js'
import type { CommandRunner } from './runner.js'
import { loadWith } from './serialize.js'
import type { ReadOptions } from './types.js'

/** The context of one `get`: it holds `ret` and `took` from the start, so it never changes shape. */
interface GetContext {
  readonly cache: { readonly backend: Backend }
  readonly command: 'get'
  readonly key: string
  readonly default: unknown
  readonly options: ReadOptions
  found: boolean
  tier: number
  ret: unknown
  took: number
}

/**
 * Runs `cache.get(key, defaultValue, options)` for the stored key `full`. `watched`: the cache has plugins, which
 * may read the tier that answered.
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
  const ctx: GetContext = {
    cache,
    command: 'get',
    key,
    default: defaultValue,
    options,
    found: false,
    tier: -1,
    ret: undefined,
    took: 0,
  }
  if (plan?.direct) {
    // Only post-hooks of synchronous plugins, and an in-process store (or a memory tier that has the key) answering
    // at once: what the pipeline would do, done here, with no closure and no promise but the one returned. Kept
    // small, so that the engine inlines what it calls; the rest of the command is out of line, below.
    const start = clock.now()
    const now = cache.backend.getNow?.(full, ctx)
    // A load or a hook that throws fails the command as the pipeline would, with no error hook to call:
    // `Cache.get` turns the throw into its rejection.
    if (now !== undefined) {
      const found = now !== ABSENT
      ctx.found = found
      ctx.ret = found ? loadWith(loads, now, full) : defaultValue
      ctx.tier = found ? Math.max(ctx.tier, 0) : -1
      ctx.took = clock.now() - start
      callHooks(plan.post, ctx)
      return Promise.resolve(ctx.ret)
    }
  }
  return piped(ctx, plan, runner, defaultValue, full, loads, watched && !plan?.direct, timeout)
}

/**
 * `get` through the pipeline, with what its caller passed (hooks see the context, but cannot replace its arguments);
 * `answers`: the store may answer at once (it has not been asked yet).
 */
function piped(
  ctx: GetContext,
  plan: HookPlan | undefined,
  runner: CommandRunner,
  defaultValue: unknown,
  full: string,
  loads: (raw: unknown) => unknown,
  answers: boolean,
  timeout: number,
): Promise<unknown> {
  const { backend } = ctx.cache
  const answer = (raw: unknown): unknown => {
    ctx.found = raw !== undefined && raw !== ABSENT
    // A backend without tiers reports nothing: a hit came from its only tier.
    ctx.tier = ctx.found ? Math.max(ctx.tier, 0) : -1
    return ctx.found ? loadWith(loads, raw, full) : defaultValue
  }
  // Unwatched, or asked above, the store has already said it cannot answer at once; else an in-process store (or a
  // memory tier that has the key) answers without a promise, a hit or a miss.
  const read = () => {
    const now = answers ? backend.getNow?.(full, ctx) : undefined
    return now === undefined ? backend.get(full, ctx).then(answer) : answer(now)
  }
  return execute(ctx, plan, timeout, read, runner.immediate)
}
