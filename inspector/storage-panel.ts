import { LitElement, html } from 'lit'
import type { EvictEvent } from '../src/backends/indexeddb/events.js'
import type { FallbackEvent } from '../src/backends/indexeddb/fallback.js'
import { bytes, clock, count, plural } from './format.js'
import { theme, toolbarLine } from './styles.js'

/** What an IndexedDB backend gave up to fit under the quota, since the panel started listening. */
interface Evictions {
  times: number
  keys: number
  expired: number
  bytes: number
  reason: string
  last: number
}

/** The IndexedDB backends of a cache of this page: its backend, or its tiers (bridged caches do not tell). */
function indexedDBOf(source: unknown): (EventTarget & { fellBack?: boolean })[] {
  // A cache of this page has its `cache` at hand (a LocalSource; not imported, so this lazily loaded module adds
  // nothing to the panel's up-front code).
  const backend = (source as { cache?: { backend: unknown } } | undefined)?.cache?.backend as
    (EventTarget & { name: string; tiers?: unknown }) | undefined
  if (!backend) return []
  const all = Array.isArray(backend.tiers) ? (backend.tiers as (typeof backend)[]) : [backend]
  return all.filter((one) => one.name === 'indexeddb' && typeof one.addEventListener === 'function')
}

interface StorageState {
  usage: number
  quota: number
  persisted: boolean
}

/**
 * The origin's storage, for caches on IndexedDB: usage and quota from `navigator.storage.estimate()`, whether the
 * browser keeps the data under storage pressure (`persisted()`), and a button that asks for that (`persist()`).
 * Re-read every few seconds while shown.
 *
 * @csspart storage - the line.
 */
export class PycachedStorage extends LitElement {
  static override properties = {
    source: { attribute: false },
    _state: { state: true },
    _asked: { state: true },
    _error: { state: true },
    _fallback: { state: true },
    _evictions: { state: true },
  }

  static override styles = [theme, toolbarLine]

  declare _state: StorageState | undefined
  declare _asked: boolean
  declare _error: string | undefined
  /** The watched cache: for one of this page on IndexedDB, its memory fallback and evictions show too. */
  declare source: unknown
  /** Why IndexedDB could not be used, once the backend fell back to memory. */
  declare _fallback: string | undefined
  declare _evictions: Evictions | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #unlisten: (() => void) | undefined

  constructor() {
    super()
    this._asked = false
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.read()
    this.#timer = setInterval(() => void this.read(), 5000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.#timer)
    this.#unlisten?.()
    this.#unlisten = undefined
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('source') || (this.isConnected && !this.#unlisten)) this.#listen()
  }

  /** Follows the watched cache's IndexedDB backends: a fall back to memory, and each eviction at the quota. */
  #listen(): void {
    this.#unlisten?.()
    this._fallback = this._evictions = undefined
    const backends = indexedDBOf(this.source)
    const onFallback = (event: Event) => (this._fallback = String((event as FallbackEvent).error))
    const onEvict = (event: Event) => {
      const { reason, expired, keys, bytes } = event as EvictEvent
      const before = this._evictions
      this._evictions = {
        times: (before?.times ?? 0) + 1,
        keys: (before?.keys ?? 0) + keys.length,
        expired: (before?.expired ?? 0) + expired,
        bytes: (before?.bytes ?? 0) + bytes,
        reason,
        last: Date.now(),
      }
    }
    for (const backend of backends) {
      if (backend.fellBack) this._fallback = 'it could not be opened'
      backend.addEventListener('fallback', onFallback)
      backend.addEventListener('evict', onEvict)
    }
    this.#unlisten = () => {
      for (const backend of backends) {
        backend.removeEventListener('fallback', onFallback)
        backend.removeEventListener('evict', onEvict)
      }
    }
  }

  /** Reads the estimate and the persistence state again. */
  async read(): Promise<void> {
    const storage = globalThis.navigator?.storage
    if (!storage?.estimate) return void (this._error = 'this browser does not report storage')
    try {
      const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([storage.estimate(), storage.persisted()])
      this._state = { usage, quota, persisted }
    } catch (error) {
      this._error = String(error)
    }
  }

  override render() {
    return html`${this.#storage()}${
      this._fallback
        ? html`<span class="fallback error" role="alert"
            >IndexedDB is not used (${this._fallback}): this cache holds its data in memory, for this page only, and
            loses it on reload.</span
          >`
        : ''
    }${this.#evicted()}`
  }

  #evicted() {
    const evictions = this._evictions
    if (!evictions) return ''
    const { times, keys, expired, reason, last } = evictions
    const why = reason === 'capacity' ? 'to fit under the storage quota' : `(${reason})`
    return html`<span class="evicted"
      >Evicted ${why}: ${plural(keys, 'live key')} and ${count(expired)} expired, about ${bytes(evictions.bytes)}, in
      ${plural(times, 'eviction')} (last at ${clock(last)}).</span
    >`
  }

  #storage() {
    const state = this._state
    if (!state) return html`<span part="storage" class="muted">Storage: ${this._error ?? 'reading…'}</span>`
    const share = state.quota ? ` (${((state.usage / state.quota) * 100).toFixed(2)} %)` : ''
    return html`<span part="storage"
        >Storage of this origin: <span class="usage">${bytes(state.usage)}</span> used of
        <span class="quota">${bytes(state.quota)}</span>${share}</span
      >
      <span class="persisted" data-persisted=${state.persisted}
        >${state.persisted ? 'persistent: kept under storage pressure' : 'not persistent: may be evicted'}</span
      >
      ${
        state.persisted
          ? ''
          : html`<button @click=${this._onPersist}>Ask to keep it</button>
              ${this._asked ? html`<span class="muted answer">the browser said no</span>` : ''}`
      }`
  }

  async _onPersist(): Promise<void> {
    const granted = await navigator.storage.persist()
    this._asked = !granted
    await this.read()
  }
}

if (!customElements.get('pycached-storage')) customElements.define('pycached-storage', PycachedStorage)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-storage': PycachedStorage
  }
}
