import { LitElement, css, html } from 'lit'
import { clock, count, ms } from './format.js'
import { theme } from './styles.js'
import { VirtualRows, listViewStyles, virtualStyles } from './virtual-rows.js'

import type { LogEntry } from './wrapper-events.js'

function outcome(record: LogEntry): string {
  if (record.kind === 'refresh' && record.error) return 'refresh failed'
  if (record.kind) return record.kind
  if (record.error) return 'error'
  if (record.lookups === undefined) return ''
  if (record.lookups === 1) return record.hits ? 'hit' : 'miss'
  return `${record.hits}/${record.lookups} hits`
}

/**
 * The live log of recent commands, newest first: time, command, keys, hit/miss, duration, error. Filterable by
 * command and by key text, pausable; only the rows on screen are rendered. The log itself is bounded by the
 * inspector's `log-limit`.
 *
 * @fires pause-change - the user paused or resumed; `detail` is the new paused state.
 * @fires clear-log - the user asked to empty the log.
 * @csspart table - the list of commands.
 */
export class PycachedLog extends LitElement {
  static override properties = {
    entries: { attribute: false },
    dropped: { type: Number },
    paused: { type: Boolean },
    resolution: { type: Number },
    _command: { state: true },
    _text: { state: true },
  }

  static override styles = [
    theme,
    virtualStyles,
    listViewStyles,
    css`
      .row {
        grid-template-columns: 108px 96px minmax(120px, 1fr) 90px 70px minmax(80px, 1fr);
      }
      .error,
      .row.failed {
        color: var(--pycached-bad);
      }
      .hit {
        color: var(--pycached-good);
      }
      .miss {
        color: var(--pycached-bad);
      }
      .stale,
      .refresh {
        color: var(--pycached-accent);
      }
    `,
  ]

  /** The log, oldest first. */
  declare entries: LogEntry[]
  /** How many entries the bound dropped. */
  declare dropped: number
  /** Whether recording is paused. */
  declare paused: boolean
  /** The clock resolution the durations were measured with, ms. */
  declare resolution: number
  declare _command: string
  declare _text: string
  readonly #rows = new VirtualRows(this)

  constructor() {
    super()
    this.entries = []
    this.dropped = 0
    this.paused = false
    this.resolution = 0.001
    this._command = ''
    this._text = ''
  }

  /** The entries the filters let through, newest first. */
  get shown(): LogEntry[] {
    const text = this._text.toLowerCase()
    const shown: LogEntry[] = []
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!
      if (this._command && entry.command !== this._command) continue
      if (text && !entry.keys.some((key) => key.toLowerCase().includes(text))) continue
      shown.push(entry)
    }
    return shown
  }

  override render() {
    const shown = this.shown
    const commands = [...new Set(this.entries.map((entry) => entry.command))].sort()
    return html`<div class="toolbar">
        <select aria-label="command filter" .value=${this._command} @change=${this._onCommand}>
          <option value="">all commands</option>
          ${commands.map((command) => html`<option value=${command}>${command}</option>`)}
        </select>
        <input
          type="search"
          placeholder="filter keys"
          aria-label="key filter"
          .value=${this._text}
          @input=${this._onText}
        />
        <button @click=${this._onPause} aria-pressed=${this.paused}>${this.paused ? 'Resume' : 'Pause'}</button>
        <button @click=${this._onClear}>Clear log</button>
        <span class="muted"
          >${shown.length} shown of ${this.entries.length}${this.dropped ? `, ${this.dropped} older dropped` : ''}</span
        >
      </div>
      ${
        shown.length === 0
          ? html`<p class="empty">No commands${this.entries.length ? ' match' : ' yet'}.</p>`
          : html`<div part="table" class="table">
              ${this.#rows.render(
                shown.length,
                (i) => {
                  const entry = shown[i]!
                  const { more } = entry
                  const keys = more ? `${entry.keys.join(', ')} … and ${count(more)} more` : entry.keys.join(', ')
                  return html`<div class="row ${entry.error ? 'failed' : ''}" role="row">
                    <span class="muted" role="cell">${clock(entry.time)}</span>
                    <span role="cell">${entry.command}</span>
                    <span class="keys" role="cell" title=${keys}>${keys}</span>
                    <span class=${entry.kind ?? outcome(entry)} role="cell">${outcome(entry)}</span>
                    <span class="num took" role="cell">${ms(entry.took, this.resolution)}</span>
                    <span class="error" role="cell" title=${entry.error ?? ''}>${entry.error ?? ''}</span>
                  </div>`
                },
                html`<div class="row head" role="row">
                  <span role="columnheader">time</span><span role="columnheader">command</span
                  ><span role="columnheader">keys</span><span role="columnheader">result</span
                  ><span class="num" role="columnheader">ms</span><span role="columnheader">error</span>
                </div>`,
              )}
            </div>`
      }`
  }

  _onCommand(event: Event): void {
    this._command = (event.target as HTMLSelectElement).value
  }

  _onText(event: Event): void {
    this._text = (event.target as HTMLInputElement).value
  }

  _onPause(): void {
    this.dispatchEvent(new CustomEvent('pause-change', { detail: !this.paused, bubbles: true, composed: true }))
  }

  _onClear(): void {
    this.dispatchEvent(new CustomEvent('clear-log', { bubbles: true, composed: true }))
  }
}

if (!customElements.get('pycached-log')) customElements.define('pycached-log', PycachedLog)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-log': PycachedLog
  }
}
