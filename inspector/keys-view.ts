import { LitElement, type PropertyValues, css, html } from 'lit'
import type { Cache } from '../src/core/cache.js'
import type { CacheEntrySnapshot } from '../src/core/types.js'
import { bytes, preview, pretty, size, ttl } from './format.js'
import { theme } from './styles.js'

const REFRESH_GAP = 500

/**
 * The cache's live keys with a value preview (expandable), size and TTL left, and actions: delete a key,
 * clear the namespace, refresh. It re-reads the cache when `revision` changes (a write happened), at most
 * twice a second; reading runs no plugin hooks, so it never changes the statistics.
 *
 * @fires cache-error - an action failed; `detail` is the error.
 * @csspart table - the table.
 */
export class PycachedKeys extends LitElement {
  static override properties = {
    cache: { attribute: false },
    revision: { type: Number },
    _entries: { state: true },
    _expanded: { state: true },
    _error: { state: true },
    _now: { state: true },
  }

  static override styles = [
    theme,
    css`
      .toolbar {
        display: flex;
        gap: 8px;
        padding: 6px 8px;
        align-items: center;
        border-bottom: 1px solid var(--pycached-border);
      }
      td.value button {
        all: unset;
        cursor: pointer;
        max-width: 420px;
        overflow: hidden;
        text-overflow: ellipsis;
        display: inline-block;
        vertical-align: bottom;
      }
      pre {
        margin: 0;
        white-space: pre-wrap;
        max-height: 200px;
        overflow: auto;
      }
      .error {
        color: var(--pycached-bad);
      }
    `,
  ]

  /** The cache whose keys are shown. */
  declare cache: Cache | undefined
  /** Bump to make the view re-read the cache. */
  declare revision: number
  declare _entries: CacheEntrySnapshot[]
  declare _expanded: string | undefined
  declare _error: string | undefined
  declare _now: number
  #takenAt = 0
  #lastRefresh = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #ticker: ReturnType<typeof setInterval> | undefined

  constructor() {
    super()
    this.cache = undefined
    this.revision = 0
    this._entries = []
    this._now = Date.now()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // TTLs count down on screen between re-reads.
    this.#ticker = setInterval(() => {
      if (this._entries.some((entry) => entry.ttl !== Infinity)) this._now = Date.now()
    }, 1000)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.#ticker)
    clearTimeout(this.#timer)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('cache') || changed.has('revision')) this.#scheduleRefresh()
  }

  /** Re-reads the cache now. */
  async refresh(): Promise<void> {
    this.#lastRefresh = Date.now()
    if (!this.cache) return void (this._entries = [])
    try {
      this._entries = (await this.cache.snapshot()).sort((a, b) => (a.key < b.key ? -1 : 1))
      this.#takenAt = this._now = Date.now()
      this._error = undefined
    } catch (error) {
      this._error = String(error)
    }
  }

  override render() {
    const elapsed = this._now - this.#takenAt
    return html`<div class="toolbar">
        <button @click=${() => void this.refresh()}>Refresh</button>
        <button @click=${this._onClear} ?disabled=${!this.cache}>
          Clear ${this.cache?.namespace ? `namespace "${this.cache.namespace}"` : 'all'}
        </button>
        <span class="muted">${this._entries.length} keys</span>
        ${this._error ? html`<span class="error">${this._error}</span>` : ''}
      </div>
      ${
        this._entries.length === 0
          ? html`<p class="empty">No keys.</p>`
          : html`<table part="table">
              <thead>
                <tr>
                  <th>key</th>
                  <th>value</th>
                  <th class="num">size</th>
                  <th class="num">ttl</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${this._entries.map(
                  (entry) =>
                    html`<tr data-key=${entry.key}>
                      <td class="key">${entry.key}</td>
                      <td class="value">
                        ${
                          this._expanded === entry.key
                            ? html`<pre @click=${() => (this._expanded = undefined)}>${pretty(entry.value)}</pre>`
                            : html`<button title="expand" @click=${() => (this._expanded = entry.key)}>
                                ${preview(entry.value)}
                              </button>`
                        }
                      </td>
                      <td class="num">${bytes(size(entry.value))}</td>
                      <td class="num">${ttl(Math.max(0, entry.ttl - elapsed))}</td>
                      <td>
                        <button aria-label="delete ${entry.key}" @click=${() => this._onDelete(entry.key)}>
                          Delete
                        </button>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`
  }

  async _onDelete(key: string): Promise<void> {
    await this.#act(() => this.cache!.delete(key))
  }

  async _onClear(): Promise<void> {
    await this.#act(() => this.cache!.clear())
  }

  async #act(action: () => Promise<unknown>): Promise<void> {
    try {
      await action()
    } catch (error) {
      this._error = String(error)
      this.dispatchEvent(new CustomEvent('cache-error', { detail: error, bubbles: true, composed: true }))
    }
    await this.refresh()
  }

  #scheduleRefresh(): void {
    if (this.#timer !== undefined) return
    const wait = Math.max(0, this.#lastRefresh + REFRESH_GAP - Date.now())
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.refresh()
    }, wait)
  }
}

if (!customElements.get('pycached-keys')) customElements.define('pycached-keys', PycachedKeys)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-keys': PycachedKeys
  }
}
