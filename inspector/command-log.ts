import { LitElement, css, html } from 'lit'
import type { CommandRecord } from '../src/plugins/command-events.js'
import { ms } from './format.js'
import { theme } from './styles.js'

const SHOWN = 200

function outcome(record: CommandRecord): string {
  if (record.error) return 'error'
  if (record.lookups === undefined) return ''
  if (record.lookups === 1) return record.hits ? 'hit' : 'miss'
  return `${record.hits}/${record.lookups} hits`
}

/**
 * The live log of recent commands, newest first: time, command, keys, hit/miss, duration, error. Filterable by
 * command and by key text, pausable. The log itself is bounded by the inspector's `log-limit`.
 *
 * @fires pause-change - the user paused or resumed; `detail` is the new paused state.
 * @fires clear-log - the user asked to empty the log.
 * @csspart table - the table.
 */
export class PycachedLog extends LitElement {
  static override properties = {
    entries: { attribute: false },
    dropped: { type: Number },
    paused: { type: Boolean },
    _command: { state: true },
    _text: { state: true },
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
        position: sticky;
        top: 0;
        background: var(--pycached-bg);
        z-index: 1;
      }
      .error,
      tr.failed td {
        color: var(--pycached-bad);
      }
      .hit {
        color: var(--pycached-good);
      }
      .miss {
        color: var(--pycached-bad);
      }
      td.keys {
        max-width: 360px;
        overflow: hidden;
        text-overflow: ellipsis;
      }
    `,
  ]

  /** The log, oldest first. */
  declare entries: CommandRecord[]
  /** How many entries the bound dropped. */
  declare dropped: number
  /** Whether recording is paused. */
  declare paused: boolean
  declare _command: string
  declare _text: string

  constructor() {
    super()
    this.entries = []
    this.dropped = 0
    this.paused = false
    this._command = ''
    this._text = ''
  }

  override render() {
    const text = this._text.toLowerCase()
    const matching = this.entries.filter(
      (entry) =>
        (!this._command || entry.command === this._command) &&
        (!text || entry.keys.some((key) => key.toLowerCase().includes(text))),
    )
    const shown = matching.slice(-SHOWN).reverse()
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
          >${matching.length} shown of
          ${this.entries.length}${this.dropped ? `, ${this.dropped} older dropped` : ''}</span
        >
      </div>
      ${
        shown.length === 0
          ? html`<p class="empty">No commands${this.entries.length ? ' match' : ' yet'}.</p>`
          : html`<table part="table">
              <thead>
                <tr>
                  <th>time</th>
                  <th>command</th>
                  <th>keys</th>
                  <th>result</th>
                  <th class="num">ms</th>
                  <th>error</th>
                </tr>
              </thead>
              <tbody>
                ${shown.map(
                  (entry) =>
                    html`<tr class=${entry.error ? 'failed' : ''}>
                      <td class="muted">${new Date(entry.time).toLocaleTimeString()}</td>
                      <td>${entry.command}</td>
                      <td class="keys" title=${entry.keys.join(', ')}>${entry.keys.join(', ')}</td>
                      <td class=${outcome(entry)}>${outcome(entry)}</td>
                      <td class="num">${ms(entry.took)}</td>
                      <td class="error">${entry.error ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
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
