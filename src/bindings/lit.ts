// A Lit reactive controller over one cache key. It is written against Lit's controller protocol only (no import of
// Lit), so the core entry stays free of Lit.
import type { Cache } from '../core/cache.js'
import { CachedValue, type CachedValueState } from './cached-value.js'

/** What a Lit element (a `ReactiveControllerHost`) offers a controller. */
export interface ControllerHost {
  addController(controller: { hostConnected?(): void; hostDisconnected?(): void }): void
  requestUpdate(): void
}

/**
 * A Lit `ReactiveController` that renders one key of a cache: `value`, `loading` and `error`, current as the key
 * changes here or in another tab, worker or process (through `cache.watch`). It reads and watches while the host
 * is connected and unsubscribes in `hostDisconnected`.
 *
 * @example
 * class CartBadge extends LitElement {
 *   cart = new CachedValueController(this, cache, 'cart')
 *   render() { return this.cart.loading ? html`…` : html`${this.cart.value?.items ?? 0}` }
 * }
 */
export class CachedValueController<V = unknown> implements CachedValueState<V> {
  readonly #value: CachedValue<V>

  /**
   * @param host - the element; the controller adds itself to it.
   * @param cache - the cache to read.
   * @param key - the key to follow.
   */
  constructor(host: ControllerHost, cache: Cache<V>, key: string) {
    this.#value = new CachedValue(cache, key, () => host.requestUpdate())
    host.addController(this)
  }

  /** The current value (`undefined` while loading, on a miss, or after a deletion). */
  get value(): V | undefined {
    return this.#value.state.value
  }

  /** `true` until the first read answered. */
  get loading(): boolean {
    return this.#value.state.loading
  }

  /** The error of the last read, if it failed. */
  get error(): unknown {
    return this.#value.state.error
  }

  hostConnected(): void {
    this.#value.start()
  }

  hostDisconnected(): void {
    this.#value.stop()
  }
}
