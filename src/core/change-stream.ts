import type { CacheChange } from './watch-target.js'

// Changes a slow reader has not taken yet; past that, the oldest go (it can re-read the cache for the latest).
const KEPT = 1000

/**
 * The async-iterator form of `cache.watch`: `for await (const change of cache.watch('k'))`. Leaving the loop
 * (`break`, `return`, a throw), `close()` or the watch's signal ends it; at most the last 1,000 changes not yet
 * taken are kept.
 *
 * @example
 * for await (const change of cache.watch(['a', 'b'], { signal })) render(change.key, change.value)
 */
export class ChangeStream<V> implements AsyncIterableIterator<CacheChange<V>> {
  readonly #queue: CacheChange<V>[] = []
  readonly #waiting: ((result: IteratorResult<CacheChange<V>>) => void)[] = []
  #done = false
  #stop: () => void = () => {}

  /** Called by the watch with each change. */
  push(change: CacheChange<V>): void {
    if (this.#done) return
    const next = this.#waiting.shift()
    if (next) return next({ value: change, done: false })
    this.#queue.push(change)
    if (this.#queue.length > KEPT) this.#queue.shift()
  }

  /** Sets what ends the watch behind this stream. */
  stopWith(stop: () => void): void {
    this.#stop = stop
  }

  /** Ends the stream: the watch stops, a pending `next()` resolves done. */
  close(): void {
    if (this.#done) return
    this.#done = true
    this.#queue.length = 0
    this.#stop()
    for (const next of this.#waiting.splice(0)) next({ value: undefined, done: true })
  }

  next(): Promise<IteratorResult<CacheChange<V>>> {
    const change = this.#queue.shift()
    if (change) return Promise.resolve({ value: change, done: false })
    if (this.#done) return Promise.resolve({ value: undefined, done: true })
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  return(): Promise<IteratorResult<CacheChange<V>>> {
    this.close()
    return Promise.resolve({ value: undefined, done: true })
  }

  [Symbol.asyncIterator](): this {
    return this
  }
}
