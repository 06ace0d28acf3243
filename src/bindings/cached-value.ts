// One key of one cache as a value a UI renders: loaded once, then kept current by `cache.watch`. The framework
// bindings (the Lit controller, the React hook) are thin layers over it.
import type { Cache } from '../core/cache.js'

/** What a UI shows of one key: its value, whether the first read is still on its way, and what went wrong. */
export interface CachedValueState<V> {
  /** The current value; `undefined` while loading, on a miss, or after a deletion. */
  readonly value: V | undefined
  /** `true` until the first read answered. */
  readonly loading: boolean
  /** The error of the last read, if it failed (`undefined` otherwise). */
  readonly error: unknown
}

/**
 * Follows `key` of `cache`: `start()` reads it and watches it, calling `onChange` after each new state (a new
 * object each time, so `state` can be compared by identity); `stop()` unsubscribes.
 */
export class CachedValue<V> {
  state: CachedValueState<V> = { value: undefined, loading: true, error: undefined }
  readonly #cache: Cache<V>
  readonly #key: string
  readonly #onChange: () => void
  #stop: (() => void) | undefined
  #changes = 0

  constructor(cache: Cache<V>, key: string, onChange: () => void) {
    this.#cache = cache
    this.#key = key
    this.#onChange = onChange
  }

  /** Starts following the key (once; again after `stop()`). */
  start(): void {
    if (this.#stop) return
    try {
      this.#stop = this.#cache.watch(this.#key, (change) => {
        this.#changes++
        this.#set({ value: change.type === 'set' ? change.value : undefined, loading: false, error: undefined })
      })
    } catch (error) {
      this.#set({ value: undefined, loading: false, error })
      return
    }
    const before = this.#changes
    this.#cache.get(this.#key).then(
      // A change heard while the read was on its way is newer than what the read found.
      (value) => this.#changes === before && this.#stop && this.#set({ value, loading: false, error: undefined }),
      (error: unknown) =>
        this.#changes === before && this.#stop && this.#set({ value: undefined, loading: false, error }),
    )
  }

  /** Stops following the key. */
  stop(): void {
    this.#stop?.()
    this.#stop = undefined
  }

  #set(state: CachedValueState<V>): void {
    this.state = state
    this.#onChange()
  }
}
