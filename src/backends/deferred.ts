import type {
  Backend,
  BackendChannel,
  ChannelHandlers,
  Codec,
  ScanPage,
  StoredEntry,
  StoreConventions,
  TierReport,
  TierReports,
} from './backend.js'
import type { KeyBuilder } from '../core/types.js'

/**
 * A backend whose code loads on first use: `Cache.fromUrl('indexeddb://…')` uses it so that apps that never
 * name a backend in a URL do not ship its code. Every call waits for the real backend, then delegates; once it is
 * loaded, the fast path (`getNow`, `setNow`, `immediate`), `inProcess`, `readBack` and `copyOf` go to it directly. What a `Cache` reads at
 * construction (`defaultSerializer`, `keyBuilder`) is given up front, as the real backend will have it. A load that
 * fails fails that call, and the next call tries again.
 */
export class DeferredBackend implements Backend {
  readonly name: string
  readonly defaultSerializer: Codec | undefined
  readonly keyBuilder: KeyBuilder | undefined
  readonly #load: () => Promise<Backend>
  #backend: Promise<Backend> | undefined
  #loaded: Backend | undefined

  /**
   * @param name - the real backend's name, e.g. `'memory+indexeddb'`.
   * @param load - loads and builds the real backend.
   * @param conventions - what the real backend will say for `defaultSerializer` and `keyBuilder`.
   */
  constructor(name: string, load: () => Promise<Backend>, conventions: StoreConventions = {}) {
    this.name = name
    this.#load = load
    this.defaultSerializer = conventions.defaultSerializer
    this.keyBuilder = conventions.keyBuilder
  }

  /** The real backend, loaded once (tried again after a failed load). */
  resolve(): Promise<Backend> {
    return (this.#backend ??= this.#load().then(
      (backend) => (this.#loaded = backend),
      (error: unknown) => {
        this.#backend = undefined
        throw error
      },
    ))
  }

  /** The real backend once loaded (`undefined` before): e.g. a `TieredBackend`, whose `tiers` a UI labels. */
  get loaded(): Backend | undefined {
    return this.#loaded
  }

  /** The real backend's, once loaded; `false` before (its commands wait for the load). */
  get immediate(): boolean {
    return this.#loaded?.immediate === true
  }

  getNow(key: string, report?: TierReport): unknown {
    return this.#loaded?.getNow?.(key, report)
  }

  setNow(key: string, value: unknown, ttl: number | undefined): boolean {
    return this.#loaded?.setNow?.(key, value, ttl) ?? false
  }

  /** The real backend's, once loaded; `false` before (a loader stands for a store that outlives the page). */
  get inProcess(): boolean {
    return this.#loaded?.inProcess === true
  }

  copyOf(raw: unknown): unknown {
    const copyOf = this.#loaded?.copyOf
    return copyOf ? copyOf.call(this.#loaded, raw) : structuredClone(raw)
  }

  readBack(stored: unknown): unknown {
    const readBack = this.#loaded?.readBack
    return readBack ? readBack.call(this.#loaded, stored) : stored
  }

  /**
   * A line to the other contexts, opened on the real backend once it has loaded (which this starts): closed until
   * then, then reported open through `handlers.reset`. Throws, as the real one would, when it has no channel.
   */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    let real: BackendChannel | undefined
    let closed = false
    void this.resolve().then(
      (backend) => {
        if (closed || !backend.openChannel) return
        real = backend.openChannel(handlers)
        if (real.open) handlers.reset(true)
      },
      () => {},
    )
    return {
      get open() {
        return real?.open ?? false
      },
      get ordered() {
        return real?.ordered
      },
      post: (message) => real?.post(message),
      close: () => {
        closed = true
        return real?.close()
      },
    }
  }

  async get(key: string, report?: TierReport) {
    return (await this.resolve()).get(key, report)
  }
  async multiGet(keys: readonly string[], report?: TierReports) {
    return (await this.resolve()).multiGet(keys, report)
  }
  async set(key: string, value: unknown, ttl: number | undefined, tags?: readonly string[]) {
    return (await this.resolve()).set(key, value, ttl, tags)
  }
  async multiSet(pairs: readonly (readonly [string, unknown])[], ttl: number | undefined, tags?: readonly string[]) {
    return (await this.resolve()).multiSet(pairs, ttl, tags)
  }
  async invalidateTags(tags: readonly string[]): Promise<string[]> {
    const backend = await this.resolve()
    if (!backend.invalidateTags) throw new TypeError(`invalidateTags: the ${backend.name} backend keeps no tags`)
    return backend.invalidateTags(tags)
  }
  async add(key: string, value: unknown, ttl: number | undefined) {
    return (await this.resolve()).add(key, value, ttl)
  }
  async exists(key: string) {
    return (await this.resolve()).exists(key)
  }
  async delete(key: string) {
    return (await this.resolve()).delete(key)
  }
  async increment(key: string, delta: number, codec: Codec) {
    return (await this.resolve()).increment(key, delta, codec)
  }
  async compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined) {
    return (await this.resolve()).compareAndSwap(key, expected, value, ttl)
  }
  async expire(key: string, ttl: number) {
    return (await this.resolve()).expire(key, ttl)
  }
  async ttl(key: string) {
    return (await this.resolve()).ttl(key)
  }
  async scan(prefix: string): Promise<StoredEntry[]> {
    return (await this.resolve()).scan(prefix)
  }
  async scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    return (await this.resolve()).scanPage(prefix, cursor, limit)
  }
  async peek(keys: readonly string[]) {
    return (await this.resolve()).peek(keys)
  }
  async clear(prefix: string) {
    return (await this.resolve()).clear(prefix)
  }
  async raw(command: string, ...args: unknown[]) {
    return (await this.resolve()).raw(command, ...args)
  }

  /** Closes the real backend if it loaded; one never loaded, or whose load failed, has nothing to close. */
  async close() {
    const loading = this.#backend
    if (!loading) return
    const backend = await loading.catch(() => undefined)
    await backend?.close()
  }
}
