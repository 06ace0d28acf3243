import type { Plugin } from '../plugins/base.js'
import { cancel, schedule } from './deadlines.js'
import { CacheTimeoutError } from './errors.js'
import type { CommandName } from './types.js'

/** The context object one command carries through its hooks; post-hooks find `ret` and `took` on it. */
export interface Context {
  cache?: unknown
  command: CommandName
  ret?: unknown
  took?: number
  error?: unknown
}

type AnyHook = (ctx: Context) => unknown

// Read once: in Node the global `performance` is a getter, a measurable cost at two reads per command.
const clock = globalThis.performance

const hookNames = new Map<CommandName, readonly [string, string]>()

function hooksOf(command: CommandName): readonly [string, string] {
  let names = hookNames.get(command)
  if (names === undefined) {
    const suffix = command[0]!.toUpperCase() + command.slice(1)
    names = [`pre${suffix}`, `post${suffix}`]
    hookNames.set(command, names)
  }
  return names
}

/**
 * Calls hook `name` of every plugin from `from` on, in order. Sync hooks run back to back; the first hook that
 * returns a promise is awaited before the next one runs. Returns a promise only when some hook did.
 */
function runHooks(plugins: readonly Plugin[], name: string, ctx: Context, from = 0): Promise<void> | undefined {
  for (let i = from; i < plugins.length; i++) {
    const plugin = plugins[i]!
    const hook = (plugin as Record<string, unknown>)[name]
    // Plugins pay only for the hooks they define.
    if (typeof hook !== 'function') continue
    const result: unknown = (hook as AnyHook).call(plugin, ctx)
    if (result instanceof Promise) return result.then(() => runHooks(plugins, name, ctx, i + 1))
  }
  return undefined
}

function withTimeout<T>(
  work: Promise<T>,
  timeout: number,
  command: string,
  onTimeout: () => void,
  left = timeout,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const deadline = schedule(left, () => {
      onTimeout()
      reject(new CacheTimeoutError(command, timeout))
    })
    work.then(
      (value) => {
        cancel(deadline)
        resolve(value)
      },
      (error: unknown) => {
        cancel(deadline)
        reject(error)
      },
    )
  })
}

/**
 * Runs one command: pre-hooks, `body`, post-hooks, all inside `timeout` (0 = none).
 * This is the only place where hooks, timing and timeouts happen; every command goes through it.
 * A timed-out command is not rolled back, but what had not started yet (the backend call after a slow pre-hook,
 * the post-hooks) no longer runs. `immediate`: the body settles without waiting for I/O or timers; a body may
 * also answer with a plain value instead of a promise (a hit on an in-process store), which needs no timer.
 */
export function execute<C extends Context, R>(
  ctx: C,
  plugins: readonly Plugin[],
  timeout: number,
  body: (ctx: C) => R | Promise<R>,
  immediate = false,
): Promise<R> {
  if (plugins.length > 0) return executeHooked(ctx, plugins, timeout, body, immediate)
  const work = body(ctx)
  // A body that answered at once (a value, not a promise) has nothing left to wait for.
  if (!(work instanceof Promise)) return Promise.resolve(work)
  // No timer can fire before an immediate body settles, so it needs none.
  return timeout > 0 && !immediate ? withTimeout(work, timeout, ctx.command, noop) : work
}

// Written as a promise chain rather than an async function: with synchronous hooks and an immediate backend
// it adds one promise to the command instead of several.
function executeHooked<C extends Context, R>(
  ctx: C,
  plugins: readonly Plugin[],
  timeout: number,
  body: (ctx: C) => R | Promise<R>,
  immediate: boolean,
): Promise<R> {
  const [pre, post] = hooksOf(ctx.command)
  const start = clock.now()
  // Only steps that really wait (a hook's promise, a backend doing I/O) are raced against what is left of the
  // timeout: a timer cannot fire during synchronous steps or before an immediate backend settles.
  const wait = <T>(pending: Promise<T>): Promise<T> =>
    timeout > 0
      ? withTimeout(pending, timeout, ctx.command, noop, Math.max(0, timeout - (clock.now() - start)))
      : pending
  const fail = (error: unknown): Promise<never> => {
    ctx.error = error
    ctx.took = clock.now() - start
    let notified: Promise<void> | undefined
    try {
      notified = runHooks(plugins, 'onError', ctx)
    } catch {
      // An onError hook that fails must not hide the command's own error.
    }
    const rethrow = (): never => {
      throw error
    }
    return notified ? notified.then(rethrow, rethrow) : Promise.reject(error)
  }
  const finish = (ret: R): R | Promise<R> => {
    ctx.ret = ret
    ctx.took = clock.now() - start
    try {
      const after = runHooks(plugins, post, ctx)
      return after ? wait(after).then(() => ret, fail) : ret
    } catch (error) {
      return fail(error)
    }
  }
  const run = (): Promise<R> => {
    try {
      const work = body(ctx)
      if (!(work instanceof Promise)) return Promise.resolve(finish(work))
      return (immediate ? work : wait(work)).then(finish, fail)
    } catch (error) {
      return fail(error)
    }
  }
  try {
    const before = runHooks(plugins, pre, ctx)
    return before ? wait(before).then(run, fail) : run()
  } catch (error) {
    return fail(error)
  }
}

function noop(): void {}
