import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Cache } from '../src/core/cache.js'
import type { HitMissRatio, HookedCommand } from '../src/core/types.js'
import { CommandEvent, CommandEventsPlugin, type CommandRecord } from '../src/plugins/command-events.js'
import { HitMissRatioPlugin } from '../src/plugins/hit-miss-ratio.js'
import { TimingPlugin } from '../src/plugins/timing.js'
import type { Plugin } from '../src/plugins/base.js'
import { RingBuffer } from './ring-buffer.js'

/** One row of the commands table. */
export interface CommandStats {
  command: HookedCommand
  count: number
  min: number
  avg: number
  p95: number
  max: number
}

/** One point of the hit-ratio history. */
export interface RatioPoint {
  time: number
  ratio: number
}

const HISTORY = 120
const DEFAULT_LOG_LIMIT = 500
const DEFAULT_REFRESH_INTERVAL = 250
const WRITES = new Set<HookedCommand>(['set', 'multiSet', 'add', 'delete', 'increment', 'expire', 'clear', 'raw'])

function find<T extends Plugin>(plugins: Plugin[], type: abstract new (...args: never[]) => T): T | undefined {
  return plugins.find((plugin): plugin is T => plugin instanceof type)
}

/**
 * Connects an element to one cache: finds (or attaches) the timing, hit-ratio and command-event plugins,
 * listens to their events while the host is connected, keeps a bounded command log and a hit-ratio history,
 * and asks the host to render at most once per animation frame and once per `refreshInterval`.
 */
export class CacheController implements ReactiveController {
  /** Hit ratio over time, one point per second with lookups. */
  history: RatioPoint[] = []
  /** Log entries dropped because the log was full. */
  dropped = 0
  /** Bumped when the cache's contents may have changed (a write ran): the keys view refreshes on it. */
  writes = 0
  paused = false

  readonly #host: ReactiveControllerHost
  readonly #log: RingBuffer<CommandRecord>
  #cache: Cache | undefined
  #timing: TimingPlugin | undefined
  #ratio: HitMissRatioPlugin | undefined
  #events: CommandEventsPlugin | undefined
  readonly #attached: Plugin[] = []
  #frame: number | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #renderedAt = -Infinity
  #refreshInterval = DEFAULT_REFRESH_INTERVAL
  #connected = false

  constructor(host: ReactiveControllerHost, logLimit = DEFAULT_LOG_LIMIT) {
    this.#host = host
    this.#log = new RingBuffer(logLimit)
    host.addController(this)
  }

  /** Most recent commands, oldest first, at most `logLimit`. */
  get log(): CommandRecord[] {
    return this.#log.toArray()
  }

  /** Most log entries kept. */
  get logLimit(): number {
    return this.#log.limit
  }

  /** A limit that is not a positive number (say, `log-limit="all"`) falls back to the default, 500. */
  set logLimit(limit: number) {
    const valid = Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : DEFAULT_LOG_LIMIT
    if (valid !== this.#log.limit) this.#log.limit = valid
  }

  /** Least time (ms) between two renders caused by commands; 0 renders at every animation frame. */
  get refreshInterval(): number {
    return this.#refreshInterval
  }

  /** An interval that is not a number ≥ 0 falls back to the default, 250 ms. */
  set refreshInterval(interval: number) {
    this.#refreshInterval = Number.isFinite(interval) && interval >= 0 ? interval : DEFAULT_REFRESH_INTERVAL
  }

  /** Empties the log. */
  clearLog(): void {
    this.#log.clear()
    this.dropped = 0
    this.#host.requestUpdate()
  }

  /** The cache being watched. */
  get cache(): Cache | undefined {
    return this.#cache
  }

  /** Watches `cache` instead of the current one. */
  set cache(cache: Cache | undefined) {
    if (cache === this.#cache) return
    this.#unsubscribe()
    this.#cache = cache
    this.#log.clear()
    this.history = []
    this.dropped = 0
    if (this.#connected) this.#subscribe()
    this.#host.requestUpdate()
  }

  hostConnected(): void {
    this.#connected = true
    this.#subscribe()
  }

  hostDisconnected(): void {
    this.#connected = false
    this.#unsubscribe()
  }

  /** The hit-miss totals of the watched cache. */
  get ratio(): HitMissRatio {
    return this.#cache?.hitMissRatio ?? { hits: 0, total: 0, hitRatio: 0, byTier: [] }
  }

  /** Per-command timing, with p95 from the timing plugin's recent samples. */
  get stats(): CommandStats[] {
    const profiling = this.#cache?.profiling ?? {}
    const rows: CommandStats[] = []
    for (const [name, count] of Object.entries(profiling)) {
      if (!name.endsWith('Total')) continue
      const command = name.slice(0, -'Total'.length) as HookedCommand
      const stat = (suffix: string) => (profiling as Record<string, number>)[`${command}${suffix}`] ?? 0
      rows.push({
        command,
        count,
        min: stat('Min'),
        avg: stat('Avg'),
        max: stat('Max'),
        p95: this.#timing?.percentile(command, 95) ?? 0,
      })
    }
    return rows
  }

  /** Forgets every statistic, the log and the history. */
  reset(): void {
    if (this.#cache) {
      this.#timing?.reset(this.#cache)
      this.#ratio?.reset(this.#cache)
    }
    this.#log.clear()
    this.history = []
    this.dropped = 0
    this.#host.requestUpdate()
  }

  /** Everything shown, as plain data (for "export as JSON"). */
  export(): object {
    return {
      exportedAt: new Date().toISOString(),
      hitMissRatio: this.ratio,
      commands: this.stats,
      history: this.history,
      log: this.log,
    }
  }

  #subscribe(): void {
    const cache = this.#cache
    if (!cache) return
    this.#timing = find(cache.plugins, TimingPlugin) ?? this.#attach(new TimingPlugin())
    this.#ratio = find(cache.plugins, HitMissRatioPlugin) ?? this.#attach(new HitMissRatioPlugin())
    this.#events = find(cache.plugins, CommandEventsPlugin) ?? this.#attach(new CommandEventsPlugin())
    this.#events.addEventListener(CommandEvent.type, this.#onCommand)
  }

  #unsubscribe(): void {
    this.#events?.removeEventListener(CommandEvent.type, this.#onCommand)
    const cache = this.#cache
    // Plugins the inspector attached itself leave with it; the application's own plugins stay.
    if (cache) cache.plugins = cache.plugins.filter((plugin) => !this.#attached.includes(plugin))
    this.#attached.length = 0
    this.#timing = this.#ratio = this.#events = undefined
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame)
    clearTimeout(this.#timer)
    this.#frame = this.#timer = undefined
  }

  #attach<T extends Plugin>(plugin: T): T {
    this.#cache!.plugins.push(plugin)
    this.#attached.push(plugin)
    return plugin
  }

  readonly #onCommand = (event: CommandEvent): void => {
    const { record } = event
    if (WRITES.has(record.command)) this.writes++
    if (record.lookups) this.#sample(record.time)
    if (!this.paused) this.dropped += this.#log.push(record)
    this.#schedule()
  }

  #sample(time: number): void {
    const second = Math.floor(time / 1000) * 1000
    const last = this.history.at(-1)
    const ratio = this.ratio.hitRatio
    if (last?.time === second) last.ratio = ratio
    else this.history.push({ time: second, ratio })
    if (this.history.length > HISTORY) this.history.shift()
  }

  #schedule(): void {
    if (this.#frame !== undefined || this.#timer !== undefined) return
    // However many commands run, the host renders at most once per frame and once per refresh interval: the
    // first command after a quiet spell shows at the next frame, a steady stream a few times a second.
    const render = () => {
      this.#frame = undefined
      this.#renderedAt = performance.now()
      this.#host.requestUpdate()
    }
    const wait = this.#renderedAt + this.#refreshInterval - performance.now()
    if (wait <= 0) {
      this.#frame = requestAnimationFrame(render)
      return
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#frame = requestAnimationFrame(render)
    }, wait)
  }
}
