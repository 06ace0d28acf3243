import { LitElement, css, html } from 'lit'
import { bytes } from './format.js'
import { theme } from './styles.js'

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
  static override properties = { _state: { state: true }, _asked: { state: true }, _error: { state: true } }

  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        padding: 6px 8px;
        border-bottom: 1px solid var(--pycached-border);
      }
    `,
  ]

  declare _state: StorageState | undefined
  declare _asked: boolean
  declare _error: string | undefined
  #timer: ReturnType<typeof setInterval> | undefined

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
