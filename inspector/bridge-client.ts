import type { CacheEntrySnapshot, HitMissRatio, SnapshotPage } from '../src/core/types.js'
import {
  type BridgeMessage,
  type BridgeOp,
  type HelloMessage,
  opChecks,
  randomId,
  readMessage,
  scopeId,
} from '../src/plugins/bridge-protocol.js'
import type { CommandStats } from '../src/plugins/command-stats.js'
import type { RefreshStats } from '../src/plugins/wrapper-records.js'
import type { Source, SourceListener } from './source.js'

// While a view shows a bridged cache, the inspector says so this often; the bridge stops after 3 s of silence.
const WATCH_EVERY = 1000
const REQUEST_TIMEOUT = 5000
// Every so often the inspector asks again who is there; a bridge that stayed silent that long twice is gone
// (a worker that was terminated never says goodbye).
const DISCOVER_EVERY = 5000

interface Pending {
  op: BridgeOp
  resolve(value: unknown): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
}

/** A cache in another context of the origin, seen through its `BridgePlugin`. */
export class RemoteSource implements Source {
  readonly id: string
  readonly name: string
  readonly context: string
  readonly namespace: string
  readonly backend: string
  readonly tiers: readonly string[]
  readonly resolution: number
  readonly #client: BridgeClient
  readonly #listeners = new Set<SourceListener>()
  #ratio: HitMissRatio = { hits: 0, total: 0, hitRatio: 0, byTier: [] }
  #stats: CommandStats[] = []
  #errors = 0
  #refreshes: RefreshStats | undefined
  #watching: ReturnType<typeof setInterval> | undefined
  /** When the bridge was last heard from (epoch ms). */
  seen = Date.now()

  constructor(client: BridgeClient, hello: HelloMessage) {
    this.#client = client
    this.id = hello.source
    this.name = hello.name
    this.context = hello.context
    this.namespace = hello.namespace
    this.backend = hello.backend
    this.tiers = hello.tiers
    this.resolution = hello.resolution
  }

  ratio(): HitMissRatio {
    return this.#ratio
  }

  stats(): CommandStats[] {
    return this.#stats
  }

  errors(): number {
    return this.#errors
  }

  refreshes(): RefreshStats | undefined {
    return this.#refreshes
  }

  connect(listener: SourceListener): () => void {
    this.#listeners.add(listener)
    if (this.#watching === undefined) {
      const watch = () => this.#client.post({ pycached: 1, type: 'watch', to: this.id })
      this.#watching = setInterval(watch, WATCH_EVERY)
      watch()
    }
    return () => {
      if (this.#listeners.delete(listener) && this.#listeners.size === 0) this.stop()
    }
  }

  /** Stops watching (the bridge stops publishing soon after). */
  stop(): void {
    clearInterval(this.#watching)
    this.#watching = undefined
  }

  async reset(): Promise<void> {
    await this.#client.request(this, 'reset', [])
  }

  page(cursor: string | undefined, limit: number): Promise<SnapshotPage> {
    return this.#client.request(this, 'page', [cursor, limit]) as Promise<SnapshotPage>
  }

  peek(keys: string[]): Promise<(CacheEntrySnapshot | undefined)[]> {
    return this.#client.request(this, 'peek', [keys]) as Promise<(CacheEntrySnapshot | undefined)[]>
  }

  delete(key: string): Promise<unknown> {
    return this.#client.request(this, 'delete', [key])
  }

  clear(): Promise<unknown> {
    return this.#client.request(this, 'clear', [])
  }

  /** Takes in one message the bridge published. */
  receive(message: BridgeMessage): void {
    if (message.type === 'stats') {
      this.#ratio = message.ratio
      this.#stats = message.commands
      this.#errors = message.errors
      this.#refreshes = message.refreshes
      for (const listener of this.#listeners) listener.changed?.()
    } else if (message.type === 'records' && message.records.length > 0) {
      for (const listener of this.#listeners) listener.records(message.records)
    }
  }
}

/**
 * The inspector's end of the bridge channel: it asks every bridge to introduce itself, keeps a {@link RemoteSource}
 * per bridge (skipping bridges of its own page, whose caches it sees directly), routes their messages, and sends
 * requests. Messages are validated first; malformed ones are ignored and counted in `malformed`.
 */
export class BridgeClient {
  /** The bridged caches seen, by id. */
  readonly sources = new Map<string, RemoteSource>()
  /** Messages received that failed validation. */
  malformed = 0
  /** Called when a bridged cache came or left, or a malformed message was counted. */
  onChange: () => void = () => {}
  readonly #id = randomId()
  readonly #pending = new Map<number, Pending>()
  #channel: BroadcastChannel | undefined
  #discovering: ReturnType<typeof setInterval> | undefined
  #seq = 0

  /** Opens the channel `name` and asks every bridge on it to say hello. */
  open(name: string): void {
    this.close()
    if (typeof BroadcastChannel !== 'function') return
    this.#channel = new BroadcastChannel(name)
    this.#channel.onmessage = (event: MessageEvent) => this.#receive(event.data)
    this.#discover()
    this.#discovering = setInterval(() => this.#discover(), DISCOVER_EVERY)
  }

  /** Closes the channel, forgets every bridged cache and fails pending requests. */
  close(): void {
    this.#channel?.close()
    this.#channel = undefined
    clearInterval(this.#discovering)
    for (const source of this.sources.values()) source.stop()
    this.sources.clear()
    for (const [seq, pending] of this.#pending) this.#settle(seq, pending, new Error('the inspector closed'))
  }

  /** Posts a message on the channel. */
  post(message: BridgeMessage): void {
    this.#channel?.postMessage(message)
  }

  /** Asks `source`'s bridge to run `op`; resolves with its validated answer. */
  request(source: RemoteSource, op: BridgeOp, args: unknown[]): Promise<unknown> {
    const seq = ++this.#seq
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#settle(seq, this.#pending.get(seq)!, new Error(`${source.name} did not answer (${op})`)),
        REQUEST_TIMEOUT,
      )
      this.#pending.set(seq, { op, resolve, reject, timer })
      this.post({ pycached: 1, type: 'request', to: source.id, from: this.#id, seq, op, args })
    })
  }

  #discover(): void {
    const gone = [...this.sources.values()].filter((source) => source.seen < Date.now() - 2 * DISCOVER_EVERY)
    for (const source of gone) {
      source.stop()
      this.sources.delete(source.id)
    }
    if (gone.length > 0) this.onChange()
    this.post({ pycached: 1, type: 'discover' })
  }

  #receive(data: unknown): void {
    const message = readMessage(data)
    if (!message) {
      this.malformed++
      return this.onChange()
    }
    const known = 'source' in message ? this.sources.get(message.source) : undefined
    if (known) known.seen = Date.now()
    switch (message.type) {
      case 'hello':
        if (known || message.scope === scopeId()) return
        this.sources.set(message.source, new RemoteSource(this, message))
        return this.onChange()
      case 'bye':
        this.sources.get(message.source)?.stop()
        if (this.sources.delete(message.source)) this.onChange()
        return
      case 'reply':
        if (message.to === this.#id) this.#reply(message.seq, message.ok, message.value, message.error)
        return
      case 'stats':
      case 'records':
        return known?.receive(message)
    }
  }

  #reply(seq: number, ok: boolean, value: unknown, error: string | undefined): void {
    const pending = this.#pending.get(seq)
    if (!pending) return
    if (!ok) return this.#settle(seq, pending, new Error(error ?? 'the bridge refused'))
    if (!opChecks[pending.op].value(value)) {
      this.malformed++
      return this.#settle(seq, pending, new Error(`malformed answer to ${pending.op}`))
    }
    this.#settle(seq, pending, undefined, value)
  }

  #settle(seq: number, pending: Pending, error: Error | undefined, value?: unknown): void {
    clearTimeout(pending.timer)
    this.#pending.delete(seq)
    if (error) pending.reject(error)
    else pending.resolve(value)
  }
}
