import { assertKnownOptions } from '../core/validate.js'
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
  /** Keys left out of `keys` (a bridged record names at most 64). */
  more?: number
  /** Set when `keys` is not every key as written (some left out or shortened). */
  cut?: true
}

/** Dispatched by {@link CommandEventsPlugin} (type `'command'`) right after every command, failed ones included. */
export class CommandEvent extends Event {
  static readonly type = 'command'
  constructor(
    /** What happened. */
    readonly record: Readonly<CommandRecord>,
  ) {
    super(CommandEvent.type)
  }
}

/**
 * Dispatched by {@link CommandEventsPlugin} (type `'commands'`) with the records of the commands that finished
 * since the last one, in order: in a page at the next animation frame, elsewhere after the task that ran them;
 * more than 1,024 commands in between go in several batches.
 */
export class CommandBatchEvent extends Event {
  static readonly type = 'commands'
  constructor(
    /** The commands, oldest first. */
    readonly records: readonly Readonly<CommandRecord>[],
  ) {
    super(CommandBatchEvent.type)
  }
}

/** Most records a batch holds. */
const BATCH_LIMIT = 1024
/** How long (ms) a page's records wait for a frame before a timer sends them. */
const FRAME_FALLBACK = 100

/** What a post-hook or error context may say of the keys and the lookups of its command. */
export type Ctx = (PostContext | ErrorContext) & {
  key?: string
  keys?: string[]
  pairs?: [string, unknown][]
  found?: boolean | boolean[]
  tier?: number | number[]
}

/** The keys a command named: its key, its keys, or the keys of its pairs. */
export function keysOf(ctx: Ctx): string[] {
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
    let hits = 0
    for (const hit of found) if (hit) hits++
    record.hits = hits
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
 * Publishes every command: time, command, keys, hits, tiers, duration and error. Listen for `'commands'`
 * ({@link CommandBatchEvent}: the records since the last one, at most once per frame in a page, the cheap way to
 * follow a busy cache; what `<pycached-inspector>` uses) or for `'command'` ({@link CommandEvent}: one event right after each command).
 * Records are built only when someone listens. Its hooks are synchronous.
 *
 * @example
 * const events = new CommandEventsPlugin()
 * events.addEventListener('commands', (e) => console.debug(e.records))
 * const cache = new Cache({ plugins: [events] })
 */
export class CommandEventsPlugin extends BasePlugin<{ command: CommandEvent; commands: CommandBatchEvent }> {
  override readonly synchronous = true
  #pending: CommandRecord[] = []
  #scheduled = false
  #frame: number | undefined
  #timer: ReturnType<typeof setTimeout> | undefined

  /** It takes no options: one given is a `TypeError`, never ignored. */
  constructor(options?: Record<string, never>) {
    super()
    assertKnownOptions(options, [], 'CommandEventsPlugin options')
  }

  override onError(ctx: ErrorContext): void {
    if (this.#listened()) this.#publish(errorRecordOf(ctx))
  }

  /** Dispatches the records still waiting for the end of the task now, as one {@link CommandBatchEvent}. */
  flush(): void {
    // Whatever was waiting to send these has nothing left to do: a later batch gets its own frame and timer.
    this.#cancel()
    const records = this.#pending
    if (records.length === 0) return
    this.#pending = []
    this.dispatchEvent(new CommandBatchEvent(records))
  }

  /** Reports one successful command. */
  protected report(ctx: PostContext): void {
    if (this.#listened()) this.#publish(recordOf(ctx))
  }

  #listened(): boolean {
    return this.hasListeners(CommandEvent.type) || this.hasListeners(CommandBatchEvent.type)
  }

  #publish(record: CommandRecord): void {
    if (this.hasListeners(CommandEvent.type)) this.dispatchEvent(new CommandEvent(record))
    if (!this.hasListeners(CommandBatchEvent.type)) return
    if (this.#pending.push(record) >= BATCH_LIMIT) this.flush()
    else if (!this.#scheduled) {
      this.#scheduled = true
      // Not a microtask: a loop of awaited commands runs in one task, and its records travel together. In a page,
      // the next frame (so a view renders them in it); a timer too, for where frames stop (a hidden tab) or never
      // come (a worker, Node). Whichever comes first sends them.
      const framed = typeof requestAnimationFrame === 'function'
      if (framed) this.#frame = requestAnimationFrame(this.#onTime)
      this.#timer = setTimeout(this.#onTime, framed ? FRAME_FALLBACK : 0)
    }
  }

  #cancel(): void {
    if (!this.#scheduled) return
    this.#scheduled = false
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame)
    clearTimeout(this.#timer)
    this.#frame = this.#timer = undefined
  }

  readonly #onTime = (): void => {
    if (this.#scheduled) this.flush()
  }
}

// Every hooked command gets the same post-hook.
definePostHooks(CommandEventsPlugin.prototype, function (ctx) {
  this.report(ctx)
})
