import type { Plugin } from '../plugins/base.js'
import { CacheError } from './errors.js'
import type { FeedSlot } from './feed-slot.js'
import { type CommandSpec, type HookPlan, HookTable } from './hooks.js'
import { type Context, execute } from './pipeline.js'
import type { CommandName, CommandOptions } from './types.js'
import { timeoutOf } from './validate.js'
import type { ReportingCache } from './watch-report.js'

/** The commands that change what a cache holds: what watches hear of. */
export const WRITES = new Set<CommandName>([
  'set',
  'multiSet',
  'add',
  'delete',
  'increment',
  'expire',
  'clear',
  'invalidateTags',
  'purge',
])

/**
 * How one cache runs its commands: none once it is closed, each within its time limit (the call's `timeout`, else
 * the cache's), through the hooks its plugins have for it (looked up once per change of the plugin list).
 */
export class CommandRunner {
  #closed = false
  #writing = false
  readonly #hooks = new HookTable()

  constructor(
    /** Whose `plugins` hook into the commands (read at every command, as the list may change) and whose keys change. */
    private readonly owner: ReportingCache & { readonly plugins: readonly Plugin[] },
    /** The cache's time limit, ms (`0`: none). */
    private readonly timeout: number,
    /** Whether the backend settles every command without waiting for I/O or timers (no timer is raced then). */
    readonly immediate: boolean,
    /** Where the changes of the backend are reported, for watches here and in other contexts. */
    private readonly feed: FeedSlot,
  ) {}

  /** Refuses every later command; `false` when it already did. */
  close(): boolean {
    const open = !this.#closed
    this.#closed = true
    return open
  }

  /** Throws a `CacheError` once the cache is closed. */
  assertOpen(command: string): void {
    if (this.#closed) throw closed(command)
  }

  /** The time limit of one command (ms, `0`: none), once it is known the cache can run it. */
  limit(command: CommandName, options: CommandOptions): number {
    this.assertOpen(command)
    return options.timeout === undefined ? this.timeout : timeoutOf(options.timeout, 'options.timeout')
  }

  /** The hooks of `command`, or `undefined` when no plugin has one for it. */
  plan(command: CommandSpec): HookPlan | undefined {
    const { plugins } = this.owner
    return plugins.length === 0 ? undefined : this.#hooks.plan(plugins, command)
  }

  /**
   * What every command does before it runs, through the pipeline or not: throws once the cache is closed or for a
   * bad `timeout`, and returns the time limit. The first write also starts telling other contexts sharing a plain
   * store of this cache's writes.
   */
  start(command: CommandName, options: CommandOptions): number {
    const timeout = this.limit(command, options)
    if (!this.#writing && WRITES.has(command)) {
      this.#writing = true
      this.feed.use(this.owner)
    }
    return timeout
  }

  /** Runs one command through the pipeline; `command`: its hooks' spec, `undefined` for one that runs none. */
  run<C extends Context & { options: CommandOptions }, R>(
    ctx: C,
    command: CommandSpec | undefined,
    body: () => R | Promise<R>,
  ): Promise<R> {
    const timeout = this.start(ctx.command, ctx.options)
    // Writes are reported only when someone listens: here, or in another context sharing the store. `set` tells
    // its own writes (see `FeedSlot.stored`): no wrapper per call on the hottest write.
    const work = ctx.command !== 'set' && this.feed.active ? this.feed.reporting(this.owner, ctx, body) : body
    return execute(ctx, command && this.plan(command), timeout, work, this.immediate)
  }
}

function closed(command: string): CacheError {
  return new CacheError(`cannot run ${command}: the cache is closed`, { command })
}
