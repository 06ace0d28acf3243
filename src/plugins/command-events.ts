import type { HookedCommand } from '../core/types.js'
import { BasePlugin, definePostHooks } from './base.js'
import type { ErrorContext, PostContext } from './context.js'

/** One finished command, as {@link CommandEventsPlugin} reports it. */
export interface CommandRecord {
  /** When it finished (epoch ms). */
  time: number
  /** The command. */
  command: HookedCommand
  /** The key(s) it touched, as the caller wrote them; empty for `clear` and `raw`. */
  keys: string[]
  /** For `get`/`multiGet`: keys found. */
  hits?: number
  /** For `get`/`multiGet`: keys looked up. */
  lookups?: number
  /** For `get`/`multiGet`: per key, the index of the tier that answered (`0` without tiers), `-1` for a miss. */
  tiers?: number[]
  /** How long it took, ms. */
  took: number
  /** The error's name and message when it failed. */
  error?: string
}

/** Dispatched by {@link CommandEventsPlugin} (type `'command'`) after every command, failed ones included. */
export class CommandEvent extends Event {
  static readonly type = 'command'
  constructor(
    /** What happened. */
    readonly record: Readonly<CommandRecord>,
  ) {
    super(CommandEvent.type)
  }
}

type Ctx = (PostContext | ErrorContext) & {
  key?: string
  keys?: string[]
  pairs?: [string, unknown][]
  found?: boolean | boolean[]
  tier?: number | number[]
}

function keysOf(ctx: Ctx): string[] {
  if (ctx.key !== undefined) return [ctx.key]
  if (ctx.keys) return ctx.keys
  if (ctx.pairs) return ctx.pairs.map(([key]) => key)
  return []
}

/** The record of one command that succeeded, from its post-hook context. */
export function recordOf(ctx: PostContext): CommandRecord {
  const record: CommandRecord = { time: Date.now(), command: ctx.command, keys: keysOf(ctx as Ctx), took: ctx.took }
  const { found, tier } = ctx as Ctx
  if (typeof found === 'boolean') {
    record.hits = found ? 1 : 0
    record.lookups = 1
    record.tiers = [tier as number]
  } else if (Array.isArray(found)) {
    record.hits = found.filter(Boolean).length
    record.lookups = found.length
    record.tiers = tier as number[]
  }
  return record
}

/** The record of one command that failed, from its `onError` context. */
export function errorRecordOf(ctx: ErrorContext): CommandRecord {
  const error = ctx.error instanceof Error ? `${ctx.error.name}: ${ctx.error.message}` : String(ctx.error)
  return { time: Date.now(), command: ctx.command, keys: keysOf(ctx as Ctx), took: ctx.took, error }
}

/**
 * Publishes every command as a {@link CommandEvent} (`'command'`): time, command, keys, hits, duration and
 * error. It is what `<pycached-inspector>`'s live log listens to, and a plain way to log or trace a cache.
 *
 * @example
 * const events = new CommandEventsPlugin()
 * events.addEventListener('command', (e) => console.debug(e.record))
 * const cache = new Cache({ plugins: [events] })
 */
export class CommandEventsPlugin extends BasePlugin<{ command: CommandEvent }> {
  override onError(ctx: ErrorContext): void {
    if (this.hasListeners(CommandEvent.type)) this.dispatchEvent(new CommandEvent(errorRecordOf(ctx)))
  }

  /** Reports one successful command. */
  protected report(ctx: PostContext): void {
    if (this.hasListeners(CommandEvent.type)) this.dispatchEvent(new CommandEvent(recordOf(ctx)))
  }
}

// Every hooked command gets the same post-hook.
definePostHooks(CommandEventsPlugin.prototype, function (ctx) {
  this.report(ctx)
})
