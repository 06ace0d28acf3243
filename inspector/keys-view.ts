import { LitElement, type PropertyValues, html } from 'lit'
import type { CommandRecord } from '../src/plugins/command-events.js'
import type { ValueText } from '../src/plugins/bridge-protocol.js'
import { bytes, count, plural, ttl } from './format.js'
import { whatClearDeletes } from './clear-text.js'
import './key-editor.js'
import { KeyHistory } from './key-origin.js'
import { KeysModel } from './keys-model.js'
import type { Source, SourceListener } from './source.js'
import { keysStyles } from './keys-styles.js'
import { VirtualRows } from './virtual-rows.js'

const PAGE = 500
// Changed keys are read back at most this often, in one `peek` of at most this many.
const SYNC_GAP = 250
const PEEK_BATCH = 1000
// Past this many changed keys since the last read, reading the first page again is cheaper.
const RELOAD_OVER = 5000
// A page may come back empty while the scan goes on (Redis SCAN): read on, up to this many pages at a time.
const EMPTY_PAGES = 20
const WRITES = new Set(['set', 'multiSet', 'add', 'delete', 'increment', 'expire'])
// A listing that failed is tried again after 1 s, then 2, 4… up to 30 s: never at once, so a cache that refuses
// every read (closed, or its store missing) costs a read now and then, not a loop.
const RETRY_FIRST = 1000
const RETRY_MAX = 30_000
const COUNT_AFTER = 200

/**
 * The cache's live keys in key order, read a page at a time as you scroll and kept current as commands run:
 * a write re-reads only the keys it touched. Only the rows on screen are rendered. Shows value preview (select a
 * row for the whole value), size and TTL left, with delete-key, clear-namespace and refresh actions.
 *
 * @fires cache-error - an action failed; `detail` is the error.
 * @csspart table - the list of keys.
 */
export class PycachedKeys extends LitElement implements SourceListener {
  static override properties = {
    source: { attribute: false },
    _selected: { state: true },
    _detail: { state: true },
    _error: { state: true },
    _loading: { state: true },
    _total: { state: true },
    _confirming: { state: true },
    _editing: { state: true },
    sources: { attribute: false },
  }

  static override styles = keysStyles

  /** The cache whose keys are shown. */
  declare source: Source | undefined
  /** Every cache the inspector knows: asked which of them wrote a key last. */
  declare sources: readonly Source[]
  /** The form open to add a key (`key` undefined) or edit one. */
  declare _editing: { key?: string; value: string; ttl: number } | undefined
  declare _selected: string | undefined
  declare _detail: ValueText | string | undefined
  declare _error: string | undefined
  declare _loading: boolean
  /** How many keys the cache holds, counted when the listing starts (the listing itself reads a page at a time). */
  declare _total: number | undefined
  /** Set while the clear button waits for the user to confirm what it deletes. */
  declare _confirming: boolean
  readonly #model = new KeysModel()
  readonly #rows = new VirtualRows(this)
  #disconnect: (() => void) | undefined
  #changed = new Set<string>()
  #reload = false
  #syncTimer: ReturnType<typeof setTimeout> | undefined
  #ticker: ReturnType<typeof setInterval> | undefined
  #generation = 0
  #failures = 0
  #retry: ReturnType<typeof setTimeout> | undefined
  readonly #history = new KeyHistory()

  constructor() {
    super()
    this.source = undefined
    this.sources = []
    this._loading = false
    this._confirming = false
  }

  /** How many keys are held (read so far and kept current). */
  get size(): number {
    return this.#model.size
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // TTLs count down on screen, and expired keys leave, without reading the cache again.
    this.#ticker = setInterval(() => {
      this.#model.expire()
      if (this.#model.size > 0) this.requestUpdate()
    }, 1000)
    this.#listen()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.#ticker)
    clearTimeout(this.#syncTimer)
    clearTimeout(this.#retry)
    this.#syncTimer = this.#retry = undefined
    this.#disconnect?.()
    this.#disconnect = undefined
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('source')) {
      this.#history.clear()
      this._editing = undefined
      this.#disconnect?.()
      this.#disconnect = undefined
      if (this.isConnected) this.#listen()
      void this.refresh()
    }
  }

  protected override updated(): void {
    // Near the end of what has been read: read the next page (unless a failed read waits for its retry).
    const model = this.#model
    if (model.complete || this._loading || this.#retry !== undefined) return
    if (this.#rows.lastVisible >= model.size - 50) void this.#more()
  }

  /** Reads the keys again from the first page. */
  async refresh(): Promise<void> {
    this.#generation++
    this.#model.clear()
    this.#changed.clear()
    this.#reload = false
    this.#rows.top()
    this._loading = false
    clearTimeout(this.#retry)
    this.#retry = undefined
    this._total = undefined
    const generation = this.#generation
    await this.#more()
    // Counted a moment later, so the first page paints before a count of every key.
    if (!this.#model.complete && this.source) setTimeout(() => void this.#count(generation), COUNT_AFTER)
  }

  records(records: readonly CommandRecord[]): void {
    for (const record of records) {
      if (record.error !== undefined) continue
      // A bridged record names at most 64 keys, shortened past 1,024 characters: then read the keys again.
      if (record.command === 'clear' || record.command === 'raw' || record.cut) this.#reload = true
      else if (WRITES.has(record.command)) for (const key of record.keys) this.#changed.add(key)
    }
    if (this.source) this.#history.take(records, this.source)
    if (this.#reload || this.#changed.size > 0) this.#scheduleSync()
  }

  override render() {
    const model = this.#model
    const now = Date.now()
    const selected = this._selected === undefined ? undefined : model.get(this._selected)
    const namespace = this.source?.namespace
    return html`<div class="toolbar">
        <button @click=${() => void this.refresh()}>Refresh</button>
        <button @click=${() => (this._confirming = true)} ?disabled=${!this.source || this._confirming}>
          Clear ${namespace ? `namespace "${namespace}"` : 'the whole store'}
        </button>
        <button @click=${() => (this._editing = { value: '', ttl: Infinity })} ?disabled=${!this.source}>
          Add key
        </button>
        <span class="muted count">${this.#counted()}</span>
        ${this._loading ? html`<span class="muted">reading…</span>` : ''}
        ${this._error ? html`<span class="error" role="alert">${this._error}</span>` : ''}
      </div>
      ${
        this._confirming
          ? html`<div class="confirm" role="alertdialog" aria-label="confirm clear">
              <span>${whatClearDeletes(this.source!, this.#model.complete ? this.#model.size : this._total)}</span>
              <button class="danger" @click=${this._onClear}>Delete them</button>
              <button @click=${() => (this._confirming = false)}>Cancel</button>
            </div>`
          : ''
      }
      ${this._editing?.key === undefined && this._editing ? this.#editor() : ''}
      ${
        model.size === 0
          ? html`<p class="empty">
              ${model.complete ? 'No keys.' : this._error ? 'The keys could not be read.' : 'Reading keys…'}
            </p>`
          : html`<div part="table" class="table">
              ${this.#rows.render(
                model.size,
                (i) => {
                  const row = model.at(i)
                  const open = () => this._onSelect(row.key)
                  return html`<div
                    class="row ${row.key === this._selected ? 'selected' : ''}"
                    role="row"
                    data-key=${row.key}
                  >
                    <span class="key" role="cell" title=${row.key}
                      ><button title="show the whole value" @click=${open}>${row.key}</button></span
                    >
                    <span class="value" role="cell"
                      ><button title="show the whole value" @click=${open}>${row.preview}</button></span
                    >
                    <span class="num" role="cell">${row.exact ? '' : '≥ '}${bytes(row.size)}</span>
                    <span class="num" role="cell">${ttl(Math.max(0, row.expiresAt - now))}</span>
                    <span role="cell"
                      >${
                        row.cut
                          ? html`<span class="muted" title="the key is too long to act on from here">cut</span>`
                          : html`<button aria-label="delete ${row.key}" @click=${() => this._onDelete(row.key)}>
                              Delete
                            </button>`
                      }</span
                    >
                  </div>`
                },
                html`<div class="row head" role="row">
                  <span role="columnheader">key</span><span role="columnheader">value</span
                  ><span class="num" role="columnheader">size</span><span class="num" role="columnheader">ttl</span
                  ><span></span>
                </div>`,
              )}
            </div>`
      }
      ${selected ? this.#details(selected.key) : ''}`
  }

  /** The selected key: its whole value (or the form editing it) and where it came from. */
  #details(key: string) {
    const detail = this._detail
    const value = typeof detail === 'object' ? detail : undefined
    const editing = this._editing?.key === key
    return html`<div class="detail">
      <button aria-label="close value" @click=${() => (this._selected = this._editing = undefined)}>×</button>
      <strong>${key}</strong>
      ${
        value && !editing
          ? html`<button @click=${() => (this._editing = { key, value: value.text, ttl: value.ttl })}>Edit</button>`
          : ''
      }
      ${editing ? this.#editor() : html`<pre>${typeof detail === 'string' ? detail : (detail?.text ?? 'reading…')}</pre>`}
      <pycached-key-origin
        .source=${this.source}
        .sources=${this.sources}
        .key=${key}
        .value=${value}
        .read=${this.#history.reads.get(key)}
        .wrote=${this.#history.writes.get(key)}
      ></pycached-key-origin>
    </div>`
  }

  #editor() {
    const editing = this._editing!
    return html`<pycached-key-editor
      .source=${this.source}
      .key=${editing.key}
      .value=${editing.value}
      .ttl=${editing.ttl}
      @edit-cancel=${() => (this._editing = undefined)}
      @key-saved=${(event: CustomEvent<string>) => this._onSaved(event.detail)}
    ></pycached-key-editor>`
  }

  /** A key was written from the form: its row is read again (even without a CommandEventsPlugin), and shown. */
  _onSaved(key: string): void {
    this._editing = undefined
    this.#changed.add(key)
    this.#scheduleSync()
    void this._onSelect(key)
  }

  #counted(): string {
    const { size, complete } = this.#model
    if (complete) return plural(size, 'key')
    if (this._total === undefined || this._total < size) return `${plural(size, 'key')} read so far`
    return `${count(size)} of ${plural(this._total, 'key')} read`
  }

  /** Counts the keys, once per listing, after its first page. */
  async #count(generation: number): Promise<void> {
    if (generation !== this.#generation || !this.source) return
    try {
      const total = await this.source.count()
      if (generation === this.#generation) this._total = total
    } catch {
      // Without a count the view says how many it read so far.
    }
  }

  /** Shows `key`'s whole value below the list (read once, as text cut past 256 KB). */
  async _onSelect(key: string): Promise<void> {
    this._selected = key
    this._detail = undefined
    if (this.#model.get(key)?.cut) return void (this._detail = 'The key is too long to read from here.')
    try {
      const value = await this.source!.value(key)
      if (this._selected === key) this._detail = value ?? 'The key is gone.'
    } catch (error) {
      if (this._selected === key) this._detail = String(error)
    }
  }

  async _onDelete(key: string): Promise<void> {
    await this.#act(() => this.source!.delete(key))
    this.#model.update([key], [undefined])
    this.requestUpdate()
  }

  async _onClear(): Promise<void> {
    this._confirming = false
    await this.#act(() => this.source!.clear())
    await this.refresh()
  }

  #listen(): void {
    if (this.source && !this.#disconnect) this.#disconnect = this.source.connect(this)
  }

  async #act(action: () => Promise<unknown>): Promise<void> {
    try {
      await action()
      this._error = undefined
    } catch (error) {
      this._error = String(error)
      this.dispatchEvent(new CustomEvent('cache-error', { detail: error, bubbles: true, composed: true }))
    }
  }

  /** Reads the next page (and on past empty ones). */
  async #more(): Promise<void> {
    const source = this.source
    const model = this.#model
    if (!source || this._loading || model.complete) return
    const generation = this.#generation
    this._loading = true
    try {
      for (let pages = 0; pages < EMPTY_PAGES && !model.complete; pages++) {
        const page = await source.page(model.cursor, PAGE)
        if (generation !== this.#generation) return
        model.addPage(page.entries, page.cursor)
        if (page.entries.length > 0) break
      }
      this._error = undefined
      this.#failures = 0
    } catch (error) {
      if (generation === this.#generation) this.#failed(error, generation)
    } finally {
      if (generation === this.#generation) this._loading = false
    }
  }

  /** Shows why the listing failed, and tries it again later: 1 s, 2 s, 4 s… at most 30 s after each failure. */
  #failed(error: unknown, generation: number): void {
    const wait = Math.min(RETRY_MAX, RETRY_FIRST * 2 ** this.#failures++)
    this._error = `${String(error)} (trying again in ${Math.round(wait / 1000)} s)`
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      if (generation === this.#generation) void this.#more()
    }, wait)
  }

  #scheduleSync(): void {
    if (this.#syncTimer !== undefined) return
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = undefined
      void this.#sync()
    }, SYNC_GAP)
  }

  /** Re-reads the keys that changed since the last time: one `peek` per batch, never the whole key set. */
  async #sync(): Promise<void> {
    const source = this.source
    if (!source) return
    if (this.#reload || this.#changed.size > RELOAD_OVER) return this.refresh()
    const keys = [...this.#changed].slice(0, PEEK_BATCH)
    for (const key of keys) this.#changed.delete(key)
    const generation = this.#generation
    try {
      const found = await source.peek(keys)
      if (generation !== this.#generation) return
      this.#model.update(keys, found)
      if (this._selected !== undefined && keys.includes(this._selected)) void this._onSelect(this._selected)
      this.requestUpdate()
    } catch (error) {
      this._error = String(error)
    }
    if (this.#changed.size > 0) this.#scheduleSync()
  }
}

if (!customElements.get('pycached-keys')) customElements.define('pycached-keys', PycachedKeys)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-keys': PycachedKeys
  }
}
