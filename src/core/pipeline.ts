import type { Plugin } from '../plugins/base.js'
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

async function runHook(plugins: readonly Plugin[], name: string, ctx: Context): Promise<void> {
  for (const plugin of plugins) {
    const hook = (plugin as Record<string, unknown>)[name]
    // Awaiting only hooks that exist keeps plugins that define few hooks free for the rest.
    if (typeof hook === 'function') await (hook as AnyHook).call(plugin, ctx)
  }
}

function withTimeout<T>(work: Promise<T>, timeout: number, command: string, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout()
      reject(new CacheTimeoutError(command, timeout))
    }, timeout)
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/**
 * Runs one command: pre-hooks, `body`, post-hooks, all inside `timeout` (0 = none).
 * This is the only place where hooks, timing and timeouts happen; every command goes through it.
 * A timed-out command is not rolled back, but its post-hooks no longer run.
 */
export async function execute<C extends Context, R>(
  ctx: C,
  plugins: readonly Plugin[],
  timeout: number,
  body: (ctx: C) => Promise<R>,
): Promise<R> {
  if (plugins.length === 0) return timeout > 0 ? withTimeout(body(ctx), timeout, ctx.command, noop) : body(ctx)
  const [pre, post] = hooksOf(ctx.command)
  const start = performance.now()
  let timedOut = false
  const hooked = async (): Promise<R> => {
    await runHook(plugins, pre, ctx)
    const ret = await body(ctx)
    ctx.ret = ret
    ctx.took = performance.now() - start
    if (!timedOut) await runHook(plugins, post, ctx)
    return ret
  }
  try {
    return await (timeout > 0 ? withTimeout(hooked(), timeout, ctx.command, () => (timedOut = true)) : hooked())
  } catch (error) {
    ctx.error = error
    ctx.took = performance.now() - start
    await runHook(plugins, 'onError', ctx).catch(noop)
    throw error
  }
}

function noop(): void {}
