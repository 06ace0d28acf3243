import type { Backend, Codec, StoredEntry, TierReport, TierReports } from './backend.js'

/**
 * A backend whose code loads on first use: `Cache.fromUrl('indexeddb://…')` uses it so that apps that never
 * name a backend in a URL do not ship its code. Every call waits for the real backend, then delegates; once it is
 * loaded, `getNow` (hits on a memory tier) goes to it directly.
 */
export class DeferredBackend implements Backend {
  readonly name: string
  readonly #load: () => Promise<Backend>
  #backend: Promise<Backend> | undefined
  #loaded: Backend | undefined

  constructor(name: string, load: () => Promise<Backend>) {
    this.name = name
    this.#load = load
  }

  /** The real backend, loaded once. */
  resolve(): Promise<Backend> {
    return (this.#backend ??= this.#load().then((backend) => (this.#loaded = backend)))
  }

  /** The real backend once loaded (`undefined` before): e.g. a `TieredBackend`, whose `tiers` a UI labels. */
  get loaded(): Backend | undefined {
    return this.#loaded
  }

  getNow(key: string, report?: TierReport): unknown {
    return this.#loaded?.getNow?.(key, report)
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
  async scanPage(prefix: string, cursor: string | undefined, limit: number) {
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
  async close() {
    if (this.#backend) await (await this.#backend).close()
  }
}
