import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { HitMissRatio } from '../src/core/types.js'
import type { CommandStats } from '../src/plugins/command-stats.js'
import { RingBuffer } from './ring-buffer.js'
import type { Source, SourceListener } from './source.js'
import type { LogEntry, RefreshStats } from './wrapper-events.js'

export type { CommandStats }

/** One point of the hit-ratio history. */
export interface RatioPoint {
  time: number
  ratio: number
}

const HISTORY = 120
const RATE_WINDOW = 5
const DEFAULT_LOG_LIMIT = 500
const DEFAULT_REFRESH_INTERVAL = 250
const EMPTY_RATIO: HitMissRatio = { hits: 0, total: 0, hitRatio: 0, byTier: [] }

/**
 * Connects an element to one {@link Source} (a cache of this page or a bridged one): listens to it while the host
 * is connected, keeps a bounded command log, a hit-ratio history and the command rate, and asks the host to
 * render at most once per animation frame and once per `refreshInterval`.
 */
export class CacheController implements ReactiveController, SourceListener {
  /** Hit ratio over time, one point per second with lookups. */
  history: RatioPoint[] = []
  /** Log entries dropped because the log was full. */
  dropped = 0
  paused = false

  readonly #host: ReactiveControllerHost
  readonly #log: RingBuffer<LogEntry>
  #source: Source | undefined
  #disconnect: (() => void) | undefined
  #frame: number | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #ticker: ReturnType<typeof setInterval> | undefined
  #renderedAt = -Infinity
  #refreshInterval = DEFAULT_REFRESH_INTERVAL
  #connected = false
  #active = true
  // Commands per second over the last few seconds: [second, count] pairs, oldest first.
  #perSecond: [number, number][] = []
  #since = Date.now()

  constructor(host: ReactiveControllerHost, logLimit = DEFAULT_LOG_LIMIT) {
    this.#host = host
    this.#log = new RingBuffer(logLimit)
    host.addController(this)
  }

  /** Most recent commands (and wrapper rows), oldest first, at most `logLimit`. */
  get log(): LogEntry[] {
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

  /** The source being watched. */
  get source(): Source | undefined {
    return this.#source
  }

  /** Watches `source` instead of the current one. */
  set source(source: Source | undefined) {
    if (source === this.#source) return
    this.#stop()
    this.#source = source
    this.#forget()
    if (this.#connected) this.#start()
    this.#host.requestUpdate()
  }

  /**
   * Whether the views are shown. An inactive controller (a collapsed inspector) listens to no event, so the
   * cache's commands cost what its plugins cost; it only refreshes the badge once a second.
   */
  get active(): boolean {
    return this.#active
  }

  set active(active: boolean) {
    if (active === this.#active) return
    this.#active = active
    if (!this.#connected) return
    this.#stop()
    this.#start()
  }

  hostConnected(): void {
    this.#connected = true
    this.#start()
  }

  hostDisconnected(): void {
    this.#connected = false
    this.#stop()
  }

  /** The hit-miss totals of the watched cache. */
  get ratio(): HitMissRatio {
    return this.#source?.ratio() ?? EMPTY_RATIO
  }

  /** Per-command timing. */
  get stats(): CommandStats[] {
    return this.#source?.stats() ?? []
  }

  /** Background refreshes of `staleWhileRevalidate` wrappers, when the source counts them. */
  get refreshes(): RefreshStats | undefined {
    return this.#source?.refreshes?.()
  }

  /** Commands that failed. */
  get errors(): number {
    return this.#source?.errors() ?? 0
  }

  /** Commands run: those that succeeded (as timed) and those that failed. */
  get commands(): number {
    return this.stats.reduce((sum, row) => sum + row.count, 0) + this.errors
  }

  /** Commands per second over the last five seconds (fewer right after watching began). */
  get rate(): number {
    const now = Math.floor(Date.now() / 1000)
    const recent = this.#perSecond.filter(([second]) => second > now - RATE_WINDOW)
    const seconds = Math.min(RATE_WINDOW, Math.max(1, (Date.now() - this.#since) / 1000))
    return recent.reduce((sum, [, count]) => sum + count, 0) / seconds
  }

  /** Empties the log. */
  clearLog(): void {
    this.#log.clear()
    this.dropped = 0
    this.#host.requestUpdate()
  }

  /** Empties the view (the log, the hit-ratio history, the rate); the cache's own statistics stay as they are. */
  clearView(): void {
    this.#forget()
    this.#host.requestUpdate()
  }

  records(records: readonly LogEntry[]): void {
    // The ratio as it stands after the batch: what every sample of it would read.
    let ratio: number | undefined
    for (const record of records) {
      if (!this.paused) this.dropped += this.#log.push(record)
      // A wrapper's row is not a command: it neither counts nor samples the hit ratio.
      if (record.kind) continue
      if (record.lookups) this.#sample(record.time, (ratio ??= this.ratio.hitRatio))
      this.#count(record.time)
    }
    this.#prune()
    this.#schedule()
  }

  changed(): void {
    this.#schedule()
  }

  #start(): void {
    if (!this.#source || this.#ticker !== undefined) return
    if (this.#active) this.#disconnect = this.#source.connect(this)
    // Once a second: the rate decays when commands stop, and the counts of a cache whose commands send no events
    // (no CommandEventsPlugin, or a collapsed inspector) move on.
    this.#ticker = setInterval(() => {
      this.#prune()
      this.#host.requestUpdate()
    }, 1000)
  }

  #stop(): void {
    this.#disconnect?.()
    this.#disconnect = undefined
    clearInterval(this.#ticker)
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame)
    clearTimeout(this.#timer)
    this.#frame = this.#timer = this.#ticker = undefined
  }

  #forget(): void {
    this.#log.clear()
    this.history = []
    this.dropped = 0
    this.#perSecond = []
    this.#since = Date.now()
  }

  #count(time: number): void {
    const second = Math.floor(time / 1000)
    const last = this.#perSecond.at(-1)
    if (last?.[0] === second) last[1]++
    else this.#perSecond.push([second, 1])
  }

  /** Drops counts older than the rate window; whether there were any counts before. */
  #prune(): boolean {
    const counted = this.#perSecond.length > 0
    const oldest = Math.floor(Date.now() / 1000) - RATE_WINDOW
    while (this.#perSecond.length > 0 && this.#perSecond[0]![0] <= oldest) this.#perSecond.shift()
    return counted
  }

  #sample(time: number, ratio: number): void {
    const second = Math.floor(time / 1000) * 1000
    const last = this.history.at(-1)
    if (last?.time === second) last.ratio = ratio
    else this.history.push({ time: second, ratio })
    if (this.history.length > HISTORY) this.history.shift()
  }

  #schedule(): void {
    if (this.#frame !== undefined || this.#timer !== undefined) return
    // However many commands run, the host renders at most once per frame and once per refresh interval: the
    // first commands after a quiet spell show at once (a page's commands arrive batched at a frame), a steady
    // stream a few times a second.
    const render = () => {
      this.#frame = undefined
      this.#renderedAt = performance.now()
      this.#host.requestUpdate()
    }
    const wait = this.#renderedAt + this.#refreshInterval - performance.now()
    if (wait <= 0) return render()
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#frame = requestAnimationFrame(render)
    }, wait)
  }
}
