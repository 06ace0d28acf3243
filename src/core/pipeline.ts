import { cancel, schedule } from './deadlines.js'
import { CacheTimeoutError, describeFailure } from './errors.js'
import type { HookList, HookPlan } from './hooks.js'
import type { CommandName } from './types.js'

/** The context object one command carries through its hooks; post-hooks find `ret` and `took` on it. */
export interface Context {
  cache?: unknown
  command: CommandName
  ret?: unknown
  took?: number
  error?: unknown
}

// Read once: in Node the global `performance` is a getter, a measurable cost at two reads per command.
/** The clock of commands' durations. */
export const clock = globalThis.performance

/**
 * Calls the hooks of `list` from `from` on, in order. Hooks of synchronous plugins run back to back; the first
 * other hook that returns a promise is awaited before the next one runs. Returns a promise only when one did.
 */
function runHooks(list: HookList, ctx: Context, from = 0): Promise<void> | undefined {
  const { fns, owners } = list
  if (list.synchronous) {
    for (let i = from; i < fns.length; i++) fns[i]!.call(owners[i], ctx as never)
    return undefined
  }
  for (let i = from; i < fns.length; i++) {
    const result = fns[i]!.call(owners[i], ctx as never)
    if (result instanceof Promise) return result.then(() => runHooks(list, ctx, i + 1))
  }
  return undefined
}

/** Calls the hooks of `list`, all of synchronous plugins. */
export function callHooks(list: HookList, ctx: Context): void {
  list.callAll(ctx as never)
}

/** The name of the backend of the cache running `ctx`, for the errors it reports. */
function backendOf(ctx: Context): string | undefined {
  return (ctx.cache as { backend?: { name?: string } } | undefined)?.backend?.name
}

function withTimeout<T>(work: Promise<T>, timeout: number, ctx: Context, left = timeout): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = schedule(left, () =>
      reject(new CacheTimeoutError(ctx.command, timeout, { backend: backendOf(ctx) })),
    )
    work.then(
      (value) => {
        cancel(deadline)
        resolve(value)
      },
      (error: unknown) => {
        cancel(deadline)
        reject(describeFailure(error, ctx.command, backendOf(ctx)))
      },
    )
  })
}

/** One hooked command on its way: what every step after the pre-hooks needs. */
interface Run {
  readonly ctx: Context
  readonly plan: HookPlan
  readonly timeout: number
  readonly start: number
}

/** `pending` raced against what is left of the command's timeout. */
function within<T>(run: Run, pending: Promise<T>): Promise<T> {
  const { timeout } = run
  if (timeout <= 0) return pending
  return withTimeout(pending, timeout, run.ctx, Math.max(0, timeout - (clock.now() - run.start)))
}

/**
 * Reports a failed command to the `onError` hooks and rejects with its error. A hook that waits does so within
 * what is left of the command's time limit: past it the command rejects with its timeout, whatever the hook does.
 */
function fail(run: Run, error: unknown): Promise<never> {
  const { ctx } = run
  describeFailure(error, ctx.command, backendOf(ctx))
  ctx.error = error
  ctx.took = clock.now() - run.start
  let notified: Promise<void> | undefined
  try {
    notified = runHooks(run.plan.onError, ctx)
  } catch {
    // An onError hook that fails must not hide the command's own error.
  }
  if (notified === undefined) return Promise.reject(error)
  const rethrow = (): never => {
    throw error
  }
  return within(run, notified).then(rethrow, (late: unknown) => {
    // A timeout while the hooks waited is the command's outcome; a hook's own failure is not.
    throw late instanceof CacheTimeoutError && !(error instanceof CacheTimeoutError) ? late : error
  })
}

/** Runs the post-hooks over the command's result: the result, or a promise of it when a hook waits. */
function finish<R>(run: Run, ret: R): R | Promise<R> {
  const { ctx } = run
  let after: Promise<void> | undefined
  try {
    ctx.ret = ret
    ctx.took = clock.now() - run.start
    after = runHooks(run.plan.post, ctx)
  } catch (error) {
    return fail(run, error)
  }
  if (after === undefined) return ret
  return within(run, after).then(
    () => ret,
    (error: unknown) => fail(run, error),
  )
}

function proceed<R>(run: Run, body: () => R | Promise<R>, immediate: boolean): Promise<R> {
  let work: R | Promise<R>
  try {
    work = body()
  } catch (error) {
    return fail(run, error)
  }
  // A body that answered at once (a hit on an in-process store): the post-hooks run now, and with synchronous
  // hooks the only promise of the whole command is the one it returns. Resolving with what `finish` returns
  // adopts its promise when it made one.
  if (!(work instanceof Promise)) return Promise.resolve(finish(run, work))
  // An immediate backend settles before any timer could fire: only waiting work is raced against the clock.
  return (immediate ? work : within(run, work)).then(
    (ret) => finish(run, ret),
    (error: unknown) => fail(run, error),
  )
}

/**
 * Runs one command: pre-hooks, `body`, post-hooks, all inside `timeout` (0 = none). This is the only place where
 * hooks, timing and timeouts happen; every command goes through it. A timed-out command is not rolled back, but
 * what had not started yet (the backend call after a slow pre-hook, the post-hooks) no longer runs. `plan`: the
 * command's hooks, `undefined` when it has none. `immediate`: the body settles without waiting for I/O or timers;
 * a body may also answer with a plain value instead of a promise (an in-process store), which needs no timer.
 * A synchronous throw of `body` becomes the command's rejection.
 */
export function execute<R>(
  ctx: Context,
  plan: HookPlan | undefined,
  timeout: number,
  body: () => R | Promise<R>,
  immediate = false,
): Promise<R> {
  if (plan === undefined) {
    let work: R | Promise<R>
    try {
      work = body()
    } catch (error) {
      return Promise.reject(describeFailure(error, ctx.command, backendOf(ctx)))
    }
    // A body that answered at once (a value, not a promise) has nothing left to wait for.
    if (!(work instanceof Promise)) return Promise.resolve(work)
    // No timer can fire before an immediate body settles, so it needs none.
    return timeout > 0 && !immediate ? withTimeout(work, timeout, ctx) : work
  }
  const start = clock.now()
  if (plan.synchronous) {
    // The common case written straight through: synchronous hooks around a body that may answer at once.
    let work: R | Promise<R>
    try {
      callHooks(plan.pre, ctx)
      work = body()
      if (!(work instanceof Promise)) {
        ctx.ret = work
        ctx.took = clock.now() - start
        callHooks(plan.post, ctx)
        return Promise.resolve(work)
      }
    } catch (error) {
      return fail({ ctx, plan, timeout, start }, error)
    }
    const run: Run = { ctx, plan, timeout, start }
    return (immediate ? work : within(run, work)).then(
      (ret) => finish(run, ret),
      (error: unknown) => fail(run, error),
    )
  }
  const run: Run = { ctx, plan, timeout, start }
  let before: Promise<void> | undefined
  try {
    before = runHooks(plan.pre, ctx)
  } catch (error) {
    return fail(run, error)
  }
  if (before === undefined) return proceed(run, body, immediate)
  return within(run, before).then(
    () => proceed(run, body, immediate),
    (error: unknown) => fail(run, error),
  )
}
