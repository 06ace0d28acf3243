import type { HitMissRatio } from '../src/core/types.js'
import type { KeyEntry } from '../src/plugins/bridge-preview.js'
import {
  type BridgeMessage,
  type BridgeOp,
  type HelloMessage,
  type ValueText,
  keyEntry,
  opChecks,
  randomId,
  readMessage,
  readReply,
  record,
  scopeId,
} from '../src/plugins/bridge-protocol.js'
import type { CommandStats } from '../src/plugins/command-stats.js'
import type { ForcedState } from '../src/plugins/inspector-control.js'
import type { RefreshStats } from '../src/plugins/wrapper-records.js'
import type { KeysPage, Source, SourceListener } from './source.js'
import type { LogEntry } from './wrapper-events.js'

// While a view shows a bridged cache, the inspector says so this often; the bridge stops after 3 s of silence.
const WATCH_EVERY = 1000
const REQUEST_TIMEOUT = 5000
// Every so often the inspector asks again who is there; a bridge that stayed silent that long twice is gone
// (a worker that was terminated never says goodbye).
const DISCOVER_EVERY = 5000
// Most bridged caches listed: hellos past it are ignored, so a flood of forged ones costs a lookup each.
const MAX_SOURCES = 64
// How long a page's views wait for a frame before a timer tells them (frames stop in a hidden tab).
const FRAME_FALLBACK = 100

interface Pending {
  op: BridgeOp
  resolve(value: unknown): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
  /** The request's own reply channel: only this inspector listens to it, and only until the answer. */
  channel: BroadcastChannel
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
  #control: ForcedState | undefined
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

  missing(): string[] {
    // BridgePlugin.attach adds the statistics plugins, and the bridge sends its own log.
    return []
  }

  page(cursor: string | undefined, limit: number): Promise<KeysPage> {
    return this.#client.request(this, 'page', [cursor, limit]) as Promise<KeysPage>
  }

  peek(keys: string[]): Promise<(KeyEntry | undefined)[]> {
    return this.#client.request(this, 'peek', [keys]) as Promise<(KeyEntry | undefined)[]>
  }

  value(key: string): Promise<ValueText | undefined> {
    return this.#client.request(this, 'value', [key]) as Promise<ValueText | undefined>
  }

  count(): Promise<number> {
    return this.#client.request(this, 'count', []) as Promise<number>
  }

  delete(key: string): Promise<unknown> {
    return this.#client.request(this, 'delete', [key])
  }

  clear(): Promise<unknown> {
    return this.#client.request(this, 'clear', [])
  }

  control(): ForcedState | undefined {
    return this.#control
  }

  request(op: BridgeOp, args: unknown[]): Promise<unknown> {
    return this.#client.request(this, op, args)
  }

  /** Takes in one message the bridge published; whether it was whole (a bad record in it is dropped alone). */
  receive(message: BridgeMessage): boolean {
    if (message.type === 'stats') {
      this.#ratio = message.ratio
      this.#stats = message.commands
      this.#errors = message.errors
      this.#refreshes = message.refreshes
      this.#control = message.control
      for (const listener of this.#listeners) listener.changed?.()
    } else if (message.type === 'records') {
      const records = message.records.filter(record) as LogEntry[]
      if (records.length > 0) for (const listener of this.#listeners) listener.records(records)
      return records.length === message.records.length
    }
    return true
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
  #name = ''
  #discovering: ReturnType<typeof setInterval> | undefined
  #seq = 0
  #telling: ReturnType<typeof setTimeout> | undefined
  #frame: number | undefined

  /** Opens the channel `name` and asks every bridge on it to say hello. */
  open(name: string): void {
    this.close()
    if (typeof BroadcastChannel !== 'function') return
    this.#name = name
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
    clearTimeout(this.#telling)
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame)
    this.#telling = this.#frame = undefined
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
    if (!this.#channel) return Promise.reject(new Error('the inspector is not listening to a channel'))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#settle(seq, this.#pending.get(seq)!, new Error(`${source.name} did not answer (${op})`)),
        REQUEST_TIMEOUT,
      )
      // The answer comes on a channel of its own, so other contexts never receive (nor decode) it.
      const reply = `${this.#name}:reply:${this.#id}:${seq}`
      const channel = new BroadcastChannel(reply)
      channel.onmessage = (event: MessageEvent) => this.#reply(seq, event.data)
      this.#pending.set(seq, { op, resolve, reject, timer, channel })
      this.post({ pycached: 1, type: 'request', to: source.id, reply, seq, op, args })
    })
  }

  /** Tells `onChange` at the next frame, however many changes come before it. */
  #changed(): void {
    if (this.#telling !== undefined) return
    const tell = () => {
      clearTimeout(this.#telling)
      if (this.#frame !== undefined) cancelAnimationFrame(this.#frame)
      this.#telling = this.#frame = undefined
      this.onChange()
    }
    this.#telling = setTimeout(tell, FRAME_FALLBACK)
    if (typeof requestAnimationFrame === 'function') this.#frame = requestAnimationFrame(tell)
  }

  #discover(): void {
    const gone = [...this.sources.values()].filter((source) => source.seen < Date.now() - 2 * DISCOVER_EVERY)
    for (const source of gone) {
      source.stop()
      this.sources.delete(source.id)
    }
    if (gone.length > 0) this.#changed()
    this.post({ pycached: 1, type: 'discover' })
  }

  // Every message costs a bounded check and, at most, one render at the next frame.
  #receive(data: unknown): void {
    const message = readMessage(data)
    if (!message) return this.#malformed()
    const known = 'source' in message ? this.sources.get(message.source) : undefined
    if (known) known.seen = Date.now()
    switch (message.type) {
      case 'hello':
        if (known || message.scope === scopeId() || this.sources.size >= MAX_SOURCES) return
        this.sources.set(message.source, new RemoteSource(this, message))
        return this.#changed()
      case 'bye':
        this.sources.get(message.source)?.stop()
        if (this.sources.delete(message.source)) this.#changed()
        return
      case 'stats':
      case 'records':
        if (known && !known.receive(message)) this.#malformed()
        return
    }
  }

  #malformed(): void {
    this.malformed++
    this.#changed()
  }

  #reply(seq: number, data: unknown): void {
    const pending = this.#pending.get(seq)
    const message = readReply(data)
    if (!pending) return
    if (!message || message.seq !== seq) {
      this.#malformed()
      return this.#settle(seq, pending, new Error(`malformed answer to ${pending.op}`))
    }
    const { ok, value, error } = message
    if (!ok) return this.#settle(seq, pending, new Error(error ?? 'the bridge refused'))
    if (!opChecks[pending.op].value(value)) {
      this.#malformed()
      return this.#settle(seq, pending, new Error(`malformed answer to ${pending.op}`))
    }
    this.#settle(seq, pending, undefined, this.#entries(pending.op, value))
  }

  /** A listing's entries, each checked on its own: a bad one is left out (from a page) or unknown (from a peek). */
  #entries(op: BridgeOp, value: unknown): unknown {
    if (op !== 'page' && op !== 'peek') return value
    const list = op === 'page' ? (value as KeysPage).entries : (value as unknown[])
    let bad = 0
    const checked = list.map((entry) => (entry === undefined || keyEntry(entry) ? entry : void bad++))
    if (bad > 0) {
      this.malformed += bad
      this.#changed()
    }
    if (op === 'peek') return checked
    return { ...(value as KeysPage), entries: checked.filter((entry) => entry !== undefined) }
  }

  #settle(seq: number, pending: Pending, error: Error | undefined, value?: unknown): void {
    clearTimeout(pending.timer)
    pending.channel.close()
    this.#pending.delete(seq)
    if (error) pending.reject(error)
    else pending.resolve(value)
  }
}
