// A real backend made slow on demand, for tests of races with a slower tier: while held, a read has read its
// answer but does not return it, and a write has written but does not resolve, until released.
import type { Backend, Codec, ScanPage, StoredEntry, TierReport, TierReports } from '../../src/backends/backend.js'

export class SlowBackend implements Backend {
  readonly name: string
  readonly defaultSerializer: Backend['defaultSerializer']
  #gate: Promise<void> | undefined
  #release: (() => void) | undefined
  /** Calls that are waiting at the gate. */
  waiting = 0

  constructor(readonly inner: Backend) {
    this.name = inner.name
    this.defaultSerializer = inner.defaultSerializer
  }

  /** Holds every later read and write after it did its work, until the returned function is called. */
  hold(): () => void {
    this.#gate = new Promise((resolve) => (this.#release = resolve))
    return () => {
      this.#gate = undefined
      this.#release?.()
    }
  }

  async #after<T>(work: Promise<T>): Promise<T> {
    const result = await work
    if (this.#gate) {
      this.waiting++
      await this.#gate
      this.waiting--
    }
    return result
  }

  get(key: string, report?: TierReport) {
    return this.#after(this.inner.get(key, report))
  }
  multiGet(keys: readonly string[], report?: TierReports) {
    return this.#after(this.inner.multiGet(keys, report))
  }
  set(key: string, value: unknown, ttl: number | undefined) {
    return this.#after(this.inner.set(key, value, ttl))
  }
  multiSet(pairs: readonly (readonly [string, unknown])[], ttl: number | undefined) {
    return this.#after(this.inner.multiSet(pairs, ttl))
  }
  add(key: string, value: unknown, ttl: number | undefined) {
    return this.#after(this.inner.add(key, value, ttl))
  }
  exists(key: string) {
    return this.#after(this.inner.exists(key))
  }
  delete(key: string) {
    return this.#after(this.inner.delete(key))
  }
  increment(key: string, delta: number, codec: Codec) {
    return this.#after(this.inner.increment(key, delta, codec))
  }
  compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined) {
    return this.#after(this.inner.compareAndSwap(key, expected, value, ttl))
  }
  expire(key: string, ttl: number) {
    return this.#after(this.inner.expire(key, ttl))
  }
  ttl(key: string) {
    return this.inner.ttl(key)
  }
  scan(prefix: string): Promise<StoredEntry[]> {
    return this.inner.scan(prefix)
  }
  scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    return this.inner.scanPage(prefix, cursor, limit)
  }
  peek(keys: readonly string[]) {
    return this.#after(this.inner.peek(keys))
  }
  clear(prefix: string) {
    return this.#after(this.inner.clear(prefix))
  }
  raw(command: string, ...args: unknown[]) {
    return this.inner.raw(command, ...args)
  }
  close() {
    return this.inner.close()
  }
  get openChannel(): Backend['openChannel'] {
    const open = this.inner.openChannel?.bind(this.inner)
    if (!open) return undefined
    return (handlers) => {
      this.#deliver = handlers.message
      return open({ ...handlers, message: (data) => (this.#inbox ? this.#inbox.push(data) : handlers.message(data)) })
    }
  }

  #inbox: unknown[] | undefined
  #deliver: ((data: unknown) => void) | undefined

  /** Holds the messages this context would hear on its channel until the returned function delivers them. */
  holdMessages(): () => void {
    this.#inbox = []
    return () => {
      const held = this.#inbox ?? []
      this.#inbox = undefined
      for (const data of held) this.#deliver?.(data)
    }
  }
}
