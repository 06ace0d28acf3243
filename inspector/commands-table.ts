import { LitElement, css, html, svg } from 'lit'
import type { CommandStats } from '../src/plugins/command-stats.js'
import { ms, step } from './format.js'
import { latencyChart } from './latency-chart.js'
import { theme } from './styles.js'
import type { RefreshStats } from './wrapper-events.js'

type Column = Exclude<keyof CommandStats, 'histogram' | 'p50' | 'p99'>
const COLUMNS: [Column, string][] = [
  ['command', 'command'],
  ['count', 'count'],
  ['min', 'min ms'],
  ['avg', 'avg ms'],
  ['p95', 'p95 ms'],
  ['max', 'max ms'],
]

/**
 * Per-command timing: count, min, avg, p95 and max in ms, sortable by any column, with a bar of the average and a
 * chart of the latency distribution (its text alternative: p50, p95, p99); below them, the background refreshes of `staleWhileRevalidate` wrappers, which are not commands.
 *
 * @csspart table - the table.
 */
export class PycachedCommands extends LitElement {
  static override properties = {
    stats: { attribute: false },
    refreshes: { attribute: false },
    resolution: { type: Number },
    _sortBy: { state: true },
    _descending: { state: true },
  }

  static override styles = [
    theme,
    css`
      .bar {
        vertical-align: middle;
      }
      /* An SVG bar, not an inline style: pages with a strict CSP forbid style attributes. */
      .bar rect,
      .latency rect {
        fill: var(--pycached-accent);
        opacity: 0.7;
      }
      .latency {
        vertical-align: middle;
      }
      th button {
        all: unset;
        cursor: pointer;
      }
      th[aria-sort='descending'] button::after {
        content: ' ▾';
      }
      th[aria-sort='ascending'] button::after {
        content: ' ▴';
      }
      .resolution {
        padding: 0 8px;
      }
      tfoot td {
        border-top: 1px solid var(--pycached-border);
      }
      .failed {
        color: var(--pycached-bad);
      }
    `,
  ]

  /** The rows to show. */
  declare stats: CommandStats[]
  /** Background refreshes, shown when there were some. */
  declare refreshes: RefreshStats | undefined
  /** The clock resolution the durations were measured with, ms. */
  declare resolution: number
  declare _sortBy: Column
  declare _descending: boolean

  constructor() {
    super()
    this.stats = []
    this.resolution = 0.001
    this._sortBy = 'count'
    this._descending = true
  }

  override render() {
    const clock = html`<p class="muted resolution">
      Clock resolution where this cache runs: ${step(this.resolution)} ms; shorter durations read &lt;
      ${step(this.resolution)}.
    </p>`
    if (this.stats.length === 0)
      return html`<p class="empty">No commands yet.</p>
        ${clock}`
    const rows = [...this.stats].sort((a, b) => {
      const order = a[this._sortBy] < b[this._sortBy] ? -1 : a[this._sortBy] > b[this._sortBy] ? 1 : 0
      return this._descending ? -order : order
    })
    const slowest = Math.max(...rows.map((row) => row.avg), Number.EPSILON)
    return html`<table part="table">
        <thead>
          <tr>
            ${COLUMNS.map(
              ([column, label]) =>
                html`<th
                  class=${column === 'command' ? '' : 'num'}
                  aria-sort=${column === this._sortBy ? (this._descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button @click=${() => this._onSort(column)}>${label}</button>
                </th>`,
            )}
            <th>avg</th>
            <th>latency</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr data-command=${row.command}>
                <td>${row.command}</td>
                <td class="num">${row.count}</td>
                <td class="num">${ms(row.min, this.resolution)}</td>
                <td class="num">${ms(row.avg, this.resolution)}</td>
                <td class="num">${ms(row.p95, this.resolution)}</td>
                <td class="num">${ms(row.max, this.resolution)}</td>
                <td>
                  <svg class="bar" width="120" height="8" aria-hidden="true">
                    ${svg`<rect width=${Math.max(2, (row.avg / slowest) * 120)} height="8" rx="2"></rect>`}
                  </svg>
                </td>
                <td>${latencyChart(row, this.resolution)}</td>
              </tr>`,
          )}
        </tbody>
        ${this.#refreshRow()}
      </table>
      ${clock}`
  }

  #refreshRow() {
    const refreshes = this.refreshes
    if (!refreshes?.count) return ''
    return html`<tfoot>
      <tr data-command="refresh">
        <td>
          background refresh${refreshes.failed ? html` <span class="failed">(${refreshes.failed} failed)</span>` : ''}
        </td>
        <td class="num">${refreshes.count}</td>
        <td class="num">${ms(refreshes.min, this.resolution)}</td>
        <td class="num">${ms(refreshes.avg, this.resolution)}</td>
        <td class="num">–</td>
        <td class="num">${ms(refreshes.max, this.resolution)}</td>
        <td></td>
        <td></td>
      </tr>
    </tfoot>`
  }

  _onSort(column: Column): void {
    if (this._sortBy === column) this._descending = !this._descending
    else [this._sortBy, this._descending] = [column, column !== 'command']
  }
}

if (!customElements.get('pycached-commands')) customElements.define('pycached-commands', PycachedCommands)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-commands': PycachedCommands
  }
}
