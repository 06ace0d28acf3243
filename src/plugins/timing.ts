import { HOOKED_COMMANDS, type HookedCommand, type Profiling } from '../core/types.js'
import { BasePlugin, definePostHooks } from './base.js'
import type { PostContext } from './context.js'
import { TimingEvent } from './events.js'

/** How many recent durations per command `TimingPlugin` keeps for percentiles. */
const SAMPLES = 1024

type StatKey = keyof Profiling
const statKeys = new Map<HookedCommand, readonly [StatKey, StatKey, StatKey, StatKey]>(
  HOOKED_COMMANDS.map((c) => [c, [`${c}Total`, `${c}Min`, `${c}Max`, `${c}Avg`]]),
)

/** A ring of the most recent durations of one command. */
class Samples {
  readonly values = new Float64Array(SAMPLES)
  count = 0

  push(took: number): void {
    this.values[this.count % SAMPLES] = took
    this.count++
  }

  percentile(p: number): number {
    const n = Math.min(this.count, SAMPLES)
    if (n === 0) return 0
    const sorted = this.values.slice(0, n).sort()
    return sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)] ?? 0
  }
}

/**
 * Keeps `cache.profiling` up to date: for every command that ran, `<cmd>Total` (calls), `<cmd>Min`,
 * `<cmd>Max` and `<cmd>Avg` in ms, e.g. `getAvg`. Also keeps the last 1,024 durations per command for
 * {@link TimingPlugin.percentile}, and dispatches a {@link TimingEvent} (`'timing'`) after each command.
 *
 * @example
 * const cache = new Cache({ plugins: [new TimingPlugin()] })
 * await cache.get('k')
 * cache.profiling.getAvg // ms
 */
export class TimingPlugin extends BasePlugin<{ timing: TimingEvent }> {
  readonly #samples = new Map<HookedCommand, Samples>()

  /** The `p`-th percentile (0–100) of the recent durations of `command`, in ms; 0 before any call. */
  percentile(command: HookedCommand, p: number): number {
    return this.#samples.get(command)?.percentile(p) ?? 0
  }

  /** Forgets the samples and empties `cache.profiling`. */
  reset(cache?: { profiling: Profiling }): void {
    this.#samples.clear()
    if (cache) for (const key of Object.keys(cache.profiling)) delete cache.profiling[key as StatKey]
  }

  /** Records one finished command. */
  protected record(ctx: PostContext): void {
    const { command, took, cache } = ctx
    let samples = this.#samples.get(command)
    if (!samples) this.#samples.set(command, (samples = new Samples()))
    samples.push(took)
    const [totalKey, minKey, maxKey, avgKey] = statKeys.get(command)!
    const profiling = cache.profiling
    const previous = profiling[totalKey] ?? 0
    const total = (profiling[totalKey] = previous + 1)
    const min = (profiling[minKey] = Math.min(profiling[minKey] ?? Infinity, took))
    const max = (profiling[maxKey] = Math.max(profiling[maxKey] ?? -Infinity, took))
    const avg = (profiling[avgKey] = ((profiling[avgKey] ?? 0) * previous + took) / total)
    if (this.hasListeners(TimingEvent.type))
      this.dispatchEvent(new TimingEvent(command, took, { total, min, max, avg }))
  }
}

// Every hooked command gets the same post-hook.
definePostHooks(TimingPlugin.prototype, function (ctx) {
  this.record(ctx)
})
