import { LitElement, css, html, svg } from 'lit'
import type { HitMissRatio } from '../src/core/types.js'
import type { RatioPoint } from './cache-controller.js'
import { percent } from './format.js'
import { tierShares } from './summary-bar.js'
import { theme } from './styles.js'

const WIDTH = 360
const HEIGHT = 80
// Room for the axis labels: ratios on the left, time below.
const LEFT = 36
const BOTTOM = 16

/**
 * The hit ratio now (a large figure with hits and lookups) and over time (a line chart, one point a second).
 *
 * @csspart ratio - the large figure.
 * @csspart chart - the history chart.
 */
export class PycachedHitRatio extends LitElement {
  static override properties = {
    ratio: { attribute: false },
    tiers: { attribute: false },
    history: { attribute: false },
  }

  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        gap: 24px;
        align-items: center;
        padding: 12px;
        flex-wrap: wrap;
      }
      .figure {
        font-size: 36px;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .good {
        color: var(--pycached-good);
      }
      .bad {
        color: var(--pycached-bad);
      }
      svg {
        background: var(--pycached-bg-alt);
        border: 1px solid var(--pycached-border);
        border-radius: 4px;
      }
      polyline {
        fill: none;
        stroke: var(--pycached-accent);
        stroke-width: 2;
      }
      circle {
        fill: var(--pycached-accent);
      }
      line {
        stroke: var(--pycached-border);
        stroke-dasharray: 3 3;
      }
      text {
        fill: var(--pycached-muted);
        font:
          10px ui-monospace,
          monospace;
      }
    `,
  ]

  /** The cache's totals. */
  declare ratio: HitMissRatio
  /** The names of the cache's tiers, fastest first (empty without tiers). */
  declare tiers: readonly string[]
  /** The ratio over time. */
  declare history: RatioPoint[]

  constructor() {
    super()
    this.ratio = { hits: 0, total: 0, hitRatio: 0, byTier: [] }
    this.history = []
    this.tiers = []
  }

  override render() {
    const { hits, total, hitRatio } = this.ratio
    const tiers = tierShares(this.ratio, this.tiers)
    return html`<div>
        <div part="ratio" class="figure ${total === 0 ? '' : hitRatio >= 0.5 ? 'good' : 'bad'}" data-ratio=${hitRatio}>
          ${total === 0 ? '–' : percent(hitRatio)}
        </div>
        <div class="muted"><span class="hits">${hits}</span> hits of <span class="total">${total}</span> lookups</div>
        ${tiers ? html`<div class="tiers">${tiers}</div>` : ''}
      </div>
      <svg
        part="chart"
        width=${LEFT + WIDTH}
        height=${HEIGHT + BOTTOM}
        viewBox="${-LEFT} 0 ${LEFT + WIDTH} ${HEIGHT + BOTTOM}"
        role="img"
        aria-label="hit ratio over time, 0 to 100 %, the last ${Math.round(this.#span() / 1000)} s"
      >
        ${[1, 0.5, 0].map(
          (ratio) =>
            svg`<line x1="0" x2=${WIDTH} y1=${this.#y(ratio)} y2=${this.#y(ratio)}></line>
              <text class="axis y" x="-4" y=${this.#y(ratio) + 3} text-anchor="end">${ratio * 100} %</text>`,
        )}
        ${svg`<text class="axis x" x="2" y=${HEIGHT + BOTTOM - 3}>−${Math.round(this.#span() / 1000)} s</text>
          <text class="axis x" x=${WIDTH - 2} y=${HEIGHT + BOTTOM - 3} text-anchor="end">now</text>`}
        ${this._line()}
      </svg>`
  }

  /** How much time the chart spans, ms: at least the last minute. */
  #span(): number {
    const points = this.history
    return points.length ? Math.max(60_000, points.at(-1)!.time - points[0]!.time) : 60_000
  }

  #y(ratio: number): number {
    return (1 - ratio) * (HEIGHT - 4) + 2
  }

  _line() {
    const points = this.history
    const latest = points.at(-1)
    if (!latest) return svg``
    // The right edge is now, so a first point is a dot at the edge.
    const span = this.#span()
    const x = (time: number) => WIDTH - 2 - ((latest.time - time) / span) * (WIDTH - 4)
    const y = (ratio: number) => this.#y(ratio)
    const coords = points.map(({ time, ratio }) => `${x(time)},${y(ratio)}`)
    return svg`<polyline points=${coords.join(' ')}></polyline>
      <circle cx=${x(latest.time)} cy=${y(latest.ratio)} r="3"></circle>`
  }
}

if (!customElements.get('pycached-hit-ratio')) customElements.define('pycached-hit-ratio', PycachedHitRatio)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-hit-ratio': PycachedHitRatio
  }
}
