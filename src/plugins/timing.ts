import { HOOKED_COMMANDS, type HookedCommand, type Profiling } from '../core/types.js'
import type { Cache } from '../core/cache.js'
import { assertKnownOptions } from '../core/validate.js'
import { BasePlugin, definePostHooks } from './base.js'
import type { ErrorContext, PostContext } from './context.js'
import { TimingEvent } from './events.js'
import { LATENCY_BOUNDS, LatencyWindow } from './latency.js'
import { traceCache, traceCommand } from './trace.js'

/** Options of {@link TimingPlugin}. */
export interface TimingPluginOptions {
  /**
   * Also record each command, background refresh and lock wait as a `performance.measure` on a "pycached" track
   * of the browser's Performance panel (Chrome's `detail.devtools` format: coloured by hit, miss and error, the
   * key and tier in its tooltip). Off, it costs nothing.
   * @default false
   */
  trace?: boolean
}

/** The distribution of a command's recent durations, as {@link TimingPlugin.histogram} reports it. */
export interface LatencyHistogram {
  /** Upper bounds of the buckets, ms: from 2^-10 (about 1 µs) to 2^16 (about 65 s), four per doubling. */
  bounds: readonly number[]
  /** Calls per bucket, one more than `bounds`: `counts[i]` took at least `bounds[i - 1]` (0 for `i = 0`) and less
   * than `bounds[i]`; the last counts those of `bounds.at(-1)` or more. */
  counts: number[]
}

/** One command's statistics in one cache; `cache.profiling` reads them through getters. */
class CommandTimes {
  total = 0
  min = Infinity
  max = -Infinity
  sum = 0
  readonly window = new LatencyWindow()
  /** The timing plugin that counts the calls: another one on the same cache leaves them to it while it stays. */
  by: TimingPlugin | undefined

  constructor(name: HookedCommand, profiling: Profiling) {
    const keys = [`${name}Total`, `${name}Min`, `${name}Max`, `${name}Avg`] as const
    // Numbers already there (given by hand, or read back from JSON) are where the counts go on from.
    const total = profiling[keys[0]]
    if (total !== undefined) {
      this.total = total
      this.min = profiling[keys[1]] ?? Infinity
      this.max = profiling[keys[2]] ?? -Infinity
      this.sum = (profiling[keys[3]] ?? 0) * total
    }
    // Live getters rather than four writes per command: the numbers are read far less often than they change.
    const live = (get: () => number): PropertyDescriptor => ({ get, enumerable: true, configurable: true })
    Object.defineProperties(profiling, {
      [keys[0]]: live(() => this.total),
      [keys[1]]: live(() => this.min),
      [keys[2]]: live(() => this.max),
      [keys[3]]: live(() => this.sum / this.total),
    })
  }
}

type Table = (CommandTimes | undefined)[]

// The statistics behind each `profiling` object, per command: shared by every timing plugin of the cache, so two of
// them count each call once, and one that leaves takes nothing with it.
const tables = new WeakMap<Profiling, Table>()

function tableOf(profiling: Profiling): Table {
  let table = tables.get(profiling)
  if (table === undefined) tables.set(profiling, (table = []))
  return table
}

function checkCommand(command: unknown): number {
  const index = HOOKED_COMMANDS.indexOf(command as HookedCommand)
  if (index < 0)
    throw new TypeError(`command must be one of ${HOOKED_COMMANDS.join(', ')}, got ${JSON.stringify(command)}`)
  return index
}

/**
 * Keeps `cache.profiling` up to date: for every command that ran, `<cmd>Total` (calls), `<cmd>Min`, `<cmd>Max`
 * and `<cmd>Avg` in ms, e.g. `getAvg`, as live read-only values (`reset` starts them over). It also keeps the last
 * 1,024 durations of each command, with their histogram in fixed buckets ({@link TimingPlugin.histogram}) and
 * exact percentiles ({@link TimingPlugin.percentile}), and dispatches a {@link TimingEvent} (`'timing'`) after
 * each command when someone listens. Its hooks are synchronous; several timing plugins on one cache share its
 * statistics.
 *
 * @example
 * const timing = new TimingPlugin()
 * const cache = new Cache({ plugins: [timing] })
 * await cache.get('k')
 * cache.profiling.getAvg // ms
 * timing.percentile('get', 95) // ms
 * // In the browser's Performance panel, on a "pycached" track:
 * new Cache({ plugins: [new TimingPlugin({ trace: true })] })
 */
export class TimingPlugin extends BasePlugin<{ timing: TimingEvent }> {
  override readonly synchronous = true
  /** Whether commands go on the Performance panel's "pycached" track. */
  readonly trace: boolean
  // The caches whose refreshes and lock waits are traced.
  readonly #traced = new WeakSet<Cache>()
  // The cache of the last command and its table: most plugins serve one cache, which then skips the WeakMap.
  #lastCache: { profiling: Profiling } | undefined
  #lastProfiling: Profiling | undefined
  #lastTable: Table = []

  /** Its one option, `trace`; another is a `TypeError`, never ignored. */
  constructor(options?: TimingPluginOptions) {
    super()
    assertKnownOptions(options, ['trace'], 'TimingPlugin options')
    const { trace = false } = options ?? {}
    if (typeof trace !== 'boolean') throw new TypeError(`options.trace must be a boolean, got ${String(trace)}`)
    this.trace = trace
    // Only a tracing plugin has an error hook: without tracing, a failure costs it nothing either.
    if (trace) this.onError = (ctx: ErrorContext) => this.#traceCache(ctx.cache, () => traceCommand(ctx))
  }

  #traceCache(cache: Cache, then: () => void): void {
    if (!this.#traced.has(cache)) {
      this.#traced.add(cache)
      traceCache(cache)
    }
    then()
  }

  /**
   * The `p`-th percentile (0–100) of the last 1,024 durations of `command` in `cache` (by default the one this
   * plugin timed last), in ms, exact (nearest rank); 0 before any call.
   */
  percentile(command: HookedCommand, p: number, cache?: { profiling: Profiling }): number {
    const index = checkCommand(command)
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) {
      throw new RangeError(`p must be a number from 0 to 100, got ${String(p)}`)
    }
    return this.#timesOf(cache, index)?.window.percentile(p) ?? 0
  }

  /**
   * How the last 1,024 durations of `command` in `cache` (by default the one this plugin timed last) spread over
   * the fixed latency buckets; all zeros before any call.
   *
   * @example
   * const { bounds, counts } = timing.histogram('get')
   * // counts[i] calls took from bounds[i - 1] (0 for i = 0) up to bounds[i] ms; counts.at(-1): bounds.at(-1) or more
   */
  histogram(command: HookedCommand, cache?: { profiling: Profiling }): LatencyHistogram {
    const times = this.#timesOf(cache, checkCommand(command))
    const counts = times ? times.window.counts() : new Array<number>(LATENCY_BOUNDS.length + 1).fill(0)
    return { bounds: LATENCY_BOUNDS, counts }
  }

  /** Starts the statistics of `cache` (by default the one this plugin timed last) over: `cache.profiling` empties. */
  reset(cache = this.#lastCache): void {
    if (cache) cache.profiling = {}
  }

  #timesOf(cache: { profiling: Profiling } | undefined, index: number): CommandTimes | undefined {
    const profiling = (cache ?? this.#lastCache)?.profiling
    return profiling === undefined ? undefined : tables.get(profiling)?.[index]
  }

  /** Records one finished command; `index` is its place in `HOOKED_COMMANDS`. */
  protected record(ctx: PostContext, index: number): void {
    const { cache, took } = ctx
    // The table of the cache timed last, and this command's statistics in it: anything else (another cache, a
    // `profiling` object replaced, a command's first call, another timing plugin on the cache) is out of line.
    let times = cache.profiling === this.#lastProfiling ? this.#lastTable[index] : undefined
    if (times?.by !== this) times = this.#adopt(cache, index)
    if (times !== undefined) {
      times.total++
      times.sum += took
      if (took < times.min) times.min = took
      if (took > times.max) times.max = took
      times.window.push(took)
    }
    if (this.trace || this.hasListeners(TimingEvent.type)) this.#publish(ctx, index)
  }

  /**
   * Finds (or makes) the statistics of command `index` in `cache` and tells whether this plugin counts them: one
   * plugin counts, rather than each call's context kept here to tell it was counted (a write barrier per call).
   */
  #adopt(cache: Cache, index: number): CommandTimes | undefined {
    const profiling = cache.profiling
    if (profiling !== this.#lastProfiling) {
      this.#lastProfiling = profiling
      this.#lastTable = tableOf(profiling)
    }
    // Written only when it changes: a store into this long-lived plugin is a write barrier.
    if (cache !== this.#lastCache) this.#lastCache = cache
    const times = (this.#lastTable[index] ??= new CommandTimes(HOOKED_COMMANDS[index]!, profiling))
    if (times.by !== this && !(times.by && cache.plugins.includes(times.by))) times.by = this
    return times.by === this ? times : undefined
  }

  /** What a recorded command shows beyond the numbers: its trace, and a {@link TimingEvent} when someone listens. */
  #publish(ctx: PostContext, index: number): void {
    const { cache, took } = ctx
    if (this.trace) this.#traceCache(cache, () => traceCommand(ctx))
    if (!this.hasListeners(TimingEvent.type)) return
    // The table the command was just recorded in, on either path of `record`.
    const times = this.#lastTable[index]!
    const { total } = times
    const timing = { total, min: times.min, max: times.max, avg: times.sum / total }
    this.dispatchEvent(new TimingEvent(ctx.command, took, timing))
  }
}

// Every hooked command gets the same post-hook.
definePostHooks(TimingPlugin.prototype, function (ctx, index) {
  this.record(ctx, index)
})
