import type { Cache } from '../core/cache.js'
import { clockResolution } from '../core/clock.js'
import { assertDuration, assertKey, assertKnownOptions } from '../core/validate.js'
import { BasePlugin, definePostHooks, type Plugin } from './base.js'
import { VALUE_CHARS } from './bridge-limits.js'
import { describe, keyEntryOf } from './bridge-preview.js'
import {
  BRIDGE_CHANNEL,
  type BridgeMessage,
  type BridgeOp,
  MAX_RECORDS,
  RECORD_KEYS,
  RECORD_KEY_CHARS,
  type ReplyMessage,
  type RequestMessage,
  opChecks,
  randomId,
  readMessage,
  scopeId,
} from './bridge-protocol.js'
import { type CommandRecord, errorRecordOf, recordOf } from './command-events.js'
import { commandStats } from './command-stats.js'
import type { ErrorContext, PostContext } from './context.js'
import { HitMissRatioPlugin } from './hit-miss-ratio.js'
import { controlOf } from './control-brand.js'
import type { ForcedState } from './inspector-control.js'
import { isFreshEntry } from '../decorators/freshness.js'
import { TimingPlugin } from './timing.js'
import { type WrapperRecord, noRefreshes, watchWrappers } from './wrapper-records.js'

/** Options of {@link BridgePlugin}. */
export interface BridgePluginOptions {
  /** The name inspectors list it under. @default the cache's namespace, or its backend's name */
  name?: string | undefined
  /** The `BroadcastChannel` name; the inspector's `channel` attribute must match. @default 'pycached-inspector' */
  channel?: string | undefined
  /** Least time (ms) between two messages of statistics and log while an inspector watches. @default 250 */
  interval?: number | undefined
}

// An inspector says it watches at least once a second; a bridge that heard nothing for this long stops publishing.
const WATCH_TIMEOUT = 3000
// However many inspectors ask who is there, a bridge introduces itself at most this often (ms); and it works on at
// most this many requests at once, refusing the others.
const HELLO_EVERY = 250
const BUSY = 8
// Commands kept while no inspector watches.
const RECENT = 500
const OPTIONS = ['name', 'channel', 'interval']
// The commands that store a value, and how many of the keys they wrote last the bridge remembers (with when), so an
// inspector can tell which context last wrote a key.
const WRITES = new Set(['set', 'multiSet', 'add', 'increment'])
const WRITTEN = 1000

function contextOf(): string {
  const scope = globalThis as Record<string, unknown>
  const is = (name: string) => typeof scope[name] === 'function' && globalThis instanceof (scope[name] as never)
  if (is('ServiceWorkerGlobalScope')) return 'service worker'
  if (is('SharedWorkerGlobalScope')) return 'shared worker'
  if (is('DedicatedWorkerGlobalScope')) return 'worker'
  return typeof scope.document === 'object' ? 'tab' : 'process'
}

/**
 * Lets `<pycached-inspector>` in another context of the origin (a tab, or the page a worker belongs to) watch this
 * cache: over a `BroadcastChannel`, it introduces the cache, publishes its statistics and command log while an
 * inspector watches, and answers the inspector's requests (a page of keys, a value, delete, clear, a write of JSON
 * text, a state to force through the cache's `InspectorControlPlugin`, when it last wrote a key); it keeps the
 * last 500 commands while no inspector watches, so one that starts watching sees what the counts count. Every message it
 * receives is validated; malformed ones are ignored and counted in `malformed`.
 *
 * @example
 * // in a Web Worker, a service worker or another tab:
 * const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'app' }), namespace: 'jobs' })
 * const bridge = BridgePlugin.attach(cache, { name: 'jobs' })
 * // later: bridge.close()
 */
export class BridgePlugin extends BasePlugin {
  override readonly synchronous = true
  /** This bridge's id on the channel. */
  readonly id = randomId()
  /** Messages received that failed validation. */
  malformed = 0
  readonly #options: Required<Omit<BridgePluginOptions, 'name'>> & Pick<BridgePluginOptions, 'name'>
  readonly #channel: BroadcastChannel
  #cache: Cache | undefined
  #records: (CommandRecord | WrapperRecord)[] = []
  #dropped = 0
  #errors = 0
  readonly #refreshes = noRefreshes()
  #unwatchWrappers: (() => void) | undefined
  #watchedUntil = 0
  #timer: ReturnType<typeof setInterval> | undefined
  #closed = false
  #helloAt = -Infinity
  #helloTimer: ReturnType<typeof setTimeout> | undefined
  #busy = 0
  readonly #written = new Map<string, number>()

  constructor(options: BridgePluginOptions = {}) {
    super()
    assertKnownOptions(options, OPTIONS, 'BridgePlugin options')
    const { name, channel = BRIDGE_CHANNEL, interval = 250 } = options
    if (name !== undefined) assertKey(name, 'options.name')
    if (typeof channel !== 'string' || channel === '')
      throw new TypeError(`options.channel must be a non-empty string, got ${JSON.stringify(channel)}`)
    assertDuration(interval, 'options.interval')
    if (typeof BroadcastChannel !== 'function')
      throw new TypeError('BridgePlugin needs BroadcastChannel, not found here')
    this.#options = { name, channel, interval }
    this.#channel = new BroadcastChannel(channel)
    this.#channel.onmessage = (event: MessageEvent) => this.#receive(event.data)
    // A tab that goes away says so; one restored from the back/forward cache introduces itself again.
    globalThis.addEventListener?.('pagehide', this.#onPageHide)
    globalThis.addEventListener?.('pageshow', this.#onPageShow)
  }

  /**
   * Bridges `cache`: adds a `TimingPlugin` and a `HitMissRatioPlugin` when it has none (their statistics are what
   * the bridge publishes), then a new bridge, which introduces the cache at once.
   */
  static attach(cache: Cache, options?: BridgePluginOptions): BridgePlugin {
    const has = (type: abstract new () => Plugin) => cache.plugins.some((plugin) => plugin instanceof type)
    if (!has(TimingPlugin)) cache.plugins.push(new TimingPlugin())
    if (!has(HitMissRatioPlugin)) cache.plugins.push(new HitMissRatioPlugin())
    const bridge = new BridgePlugin(options)
    cache.plugins.push(bridge)
    bridge.#meet(cache)
    return bridge
  }

  /** Stops publishing and answering, says goodbye and closes the channel. The plugin stays harmless in the list. */
  close(): void {
    clearInterval(this.#timer)
    clearTimeout(this.#helloTimer)
    this.#timer = undefined
    globalThis.removeEventListener?.('pagehide', this.#onPageHide)
    globalThis.removeEventListener?.('pageshow', this.#onPageShow)
    if (this.#cache) this.#post({ pycached: 1, type: 'bye', source: this.id })
    this.#channel.close()
    this.#unwatchWrappers?.()
    this.#cache = undefined
    this.#closed = true
  }

  override onError(ctx: ErrorContext): void {
    this.#meet(ctx.cache)
    this.#errors++
    this.#keep(errorRecordOf(ctx))
  }

  /** Records one successful command while an inspector watches. */
  protected record(ctx: PostContext): void {
    this.#meet(ctx.cache)
    const record = recordOf(ctx)
    if (WRITES.has(record.command)) this.#wrote(record.keys, record.time)
    this.#keep(record)
  }

  /** Remembers that `keys` were written at `time`: the latest {@link WRITTEN} keys. */
  #wrote(keys: readonly string[], time: number): void {
    const written = this.#written
    for (const key of keys.length > WRITTEN ? keys.slice(-WRITTEN) : keys) {
      written.delete(key)
      written.set(key, time)
    }
    for (const key of written.keys()) {
      if (written.size <= WRITTEN) break
      written.delete(key)
    }
  }

  readonly #onPageHide = (): void => {
    if (this.#cache) this.#post({ pycached: 1, type: 'bye', source: this.id })
  }

  readonly #onPageShow = (event: Event): void => {
    if (this.#cache && (event as PageTransitionEvent).persisted) this.#hello()
  }

  #meet(cache: Cache): void {
    if (this.#cache || this.#closed) return
    this.#cache = cache
    // Refreshes count from the start, like errors; their rows are kept like commands'.
    this.#unwatchWrappers = watchWrappers(cache, this.#refreshes, (record) => this.#keep(record))
    this.#hello()
  }

  #watched(): boolean {
    return this.#timer !== undefined
  }

  #keep(record: CommandRecord | WrapperRecord): void {
    if (!this.#watched()) {
      // Unwatched, the last RECENT records wait for an inspector (trimmed now and then, not at every command).
      this.#records.push(record)
      if (this.#records.length >= 2 * RECENT) this.#records = this.#records.slice(-RECENT)
    } else if (this.#records.length < MAX_RECORDS) this.#records.push(record)
    else this.#dropped++
  }

  /** Answers a `discover`: at once, or (when it did a moment ago) once more a little later. */
  #introduce(): void {
    const wait = this.#helloAt + HELLO_EVERY - Date.now()
    if (wait <= 0) return this.#hello()
    this.#helloTimer ??= setTimeout(() => {
      this.#helloTimer = undefined
      if (this.#cache) this.#hello()
    }, wait)
  }

  #hello(): void {
    this.#helloAt = Date.now()
    const cache = this.#cache!
    const tiers = (cache.backend as { tiers?: { name: string }[] }).tiers
    this.#post({
      pycached: 1,
      type: 'hello',
      source: this.id,
      scope: scopeId(),
      context: contextOf(),
      name: this.#options.name ?? cache.namespace ?? cache.backend.name,
      namespace: cache.namespace ?? '',
      backend: cache.backend.name,
      tiers: Array.isArray(tiers) ? tiers.map((tier) => String(tier.name)) : [],
      resolution: clockResolution(),
    })
  }

  #receive(data: unknown): void {
    const message = readMessage(data)
    if (!message) return void this.malformed++
    if (!this.#cache) return
    if (message.type === 'discover') this.#introduce()
    else if (message.type === 'watch' && message.to === this.id) this.#watch()
    else if (message.type === 'request' && message.to === this.id) void this.#answer(message)
  }

  #watch(): void {
    this.#watchedUntil = Date.now() + WATCH_TIMEOUT
    if (this.#timer !== undefined) return
    this.#records = this.#records.slice(-RECENT)
    this.#timer = setInterval(() => this.#publish(), this.#options.interval)
    this.#publish()
  }

  #publish(): void {
    const cache = this.#cache
    if (!cache) return
    if (this.#records.length > 0 || this.#dropped > 0) {
      const records = this.#records.slice(-MAX_RECORDS).map(bounded)
      this.#post({ pycached: 1, type: 'records', source: this.id, records, dropped: this.#dropped })
      this.#records = []
      this.#dropped = 0
    }
    const timing = cache.plugins.find((plugin): plugin is TimingPlugin => plugin instanceof TimingPlugin)
    const control = controlOf(cache.plugins)
    this.#post({
      pycached: 1,
      type: 'stats',
      source: this.id,
      ratio: cache.hitMissRatio,
      commands: commandStats(cache.profiling, timing),
      errors: this.#errors,
      refreshes: { ...this.#refreshes },
      ...(control && { control: { ...control.state } }),
    })
    if (Date.now() > this.#watchedUntil) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }

  async #answer({ reply: to, seq, op, args }: RequestMessage): Promise<void> {
    // Only an inspector's own reply channel: never the shared one, nor any other channel of the origin.
    if (!to.startsWith(`${this.#options.channel}:reply:`)) return void this.malformed++
    const reply = { pycached: 1, type: 'reply', source: this.id, seq } as const
    if (!opChecks[op].args(args)) {
      this.malformed++
      return this.#reply(to, { ...reply, ok: false, error: `malformed arguments for ${op}` })
    }
    if (this.#busy >= BUSY) return this.#reply(to, { ...reply, ok: false, error: 'busy: too many requests at once' })
    this.#busy++
    try {
      this.#reply(to, { ...reply, ok: true, value: await this.#run(op, args) })
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      this.#reply(to, { ...reply, ok: false, error: text.slice(0, RECORD_KEY_CHARS) })
    } finally {
      this.#busy--
    }
  }

  /** Posts `message` on the asker's reply channel, which no other context listens to. */
  #reply(name: string, message: ReplyMessage): void {
    const channel = new BroadcastChannel(name)
    channel.postMessage(message)
    // Closed a moment later: a channel closed at once may drop what it just posted.
    setTimeout(() => channel.close(), 1000)
  }

  async #run(op: BridgeOp, args: unknown[]): Promise<unknown> {
    const cache = this.#cache!
    switch (op) {
      case 'page': {
        const page = await cache.snapshotPage({ cursor: args[0] as string | undefined, limit: args[1] as number })
        return { entries: page.entries.map(keyEntryOf), cursor: page.cursor }
      }
      case 'peek':
        return (await cache.peek(args[0] as string[])).map((entry) => entry && keyEntryOf(entry))
      case 'value': {
        const [entry] = await cache.peek([args[0] as string])
        if (!entry) return undefined
        const text = { text: describe(entry.value, VALUE_CHARS, 2), ttl: entry.ttl }
        return isFreshEntry(entry.value) ? { ...text, freshUntil: entry.value.freshUntil } : text
      }
      case 'count':
        return (await cache.keys()).length
      case 'delete':
        return cache.delete(args[0] as string)
      case 'clear':
        return cache.clear()
      case 'set':
        return cache.set(args[0] as string, JSON.parse(args[1] as string), { ttl: args[2] as number })
      case 'force': {
        const control = controlOf(cache.plugins)
        if (!control) throw new TypeError('this cache carries no InspectorControlPlugin')
        control.force(args[0] as ForcedState)
        return true
      }
      case 'written':
        return this.#written.get(args[0] as string)
    }
  }

  #post(message: BridgeMessage): void {
    this.#channel.postMessage(message)
  }
}

/** `record` as it travels: at most {@link RECORD_KEYS} keys of at most {@link RECORD_KEY_CHARS} characters. */
function bounded<R extends CommandRecord | WrapperRecord>(record: R): R {
  const { keys, error } = record as CommandRecord
  const long = (key: string) => key.length > RECORD_KEY_CHARS
  const tooLong = error !== undefined && error.length > RECORD_KEY_CHARS
  if (keys.length <= RECORD_KEYS && !keys.some(long) && !tooLong) return record
  const copy: CommandRecord = { ...(record as CommandRecord), cut: true }
  copy.keys = keys.slice(0, RECORD_KEYS).map((key) => (long(key) ? `${key.slice(0, RECORD_KEY_CHARS)}…` : key))
  if (keys.length > RECORD_KEYS) copy.more = keys.length - RECORD_KEYS
  // The tier of each key shown; `hits` and `lookups` still count every key.
  if (copy.tiers) copy.tiers = copy.tiers.slice(0, RECORD_KEYS)
  if (tooLong) copy.error = `${error.slice(0, RECORD_KEY_CHARS)}…`
  return copy as R
}

// Every hooked command gets the same post-hook.
definePostHooks(BridgePlugin.prototype, function (ctx) {
  this.record(ctx)
})
