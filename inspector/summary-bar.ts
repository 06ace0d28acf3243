import { LitElement, css, html } from 'lit'
import type { HitMissRatio } from '../src/core/types.js'
import { count, percent } from './format.js'
import { theme } from './styles.js'

/** What the summary shows. */
export interface Summary {
  /** The watched cache's name, or the alias waited for. */
  name: string
  /** Its backend, and where it lives when not on this page. */
  backend: string
  context: string
  /** Its tiers' names, fastest first (empty without tiers). */
  tiers: readonly string[]
  ratio: HitMissRatio
  commands: number
  rate: number
  errors: number
  /** Set while the alias is not configured yet. */
  waiting: boolean
}

/** `memory 88% · indexeddb 9% · miss 3%`: where lookups were answered, for a cache with tiers. */
export function tierShares({ byTier, total, hits }: HitMissRatio, tiers: readonly string[]): string {
  if (tiers.length < 2 || total === 0) return ''
  const share = (n: number) => `${Math.round((n / total) * 100)}%`
  return [...tiers.map((name, i) => `${name} ${share(byTier[i] ?? 0)}`), `miss ${share(total - hits)}`].join(' · ')
}

/**
 * The watched cache at a glance, on every tab: which cache, its hit ratio with hits and lookups, hits per tier,
 * commands run and their rate, and errors.
 *
 * @csspart summary - the hit ratio.
 */
export class PycachedSummary extends LitElement {
  static override properties = { summary: { attribute: false }, named: { type: Boolean } }

  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        align-items: baseline;
        gap: 4px 12px;
        min-width: 0;
        overflow: hidden;
        white-space: nowrap;
      }
      .ratio {
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .good {
        color: var(--pycached-good);
      }
      .bad,
      .errors.some {
        color: var(--pycached-bad);
      }
    `,
  ]

  /** What to show; nothing without it. */
  declare summary: Summary | undefined
  /** Whether to name the cache (the inspector's cache picker names it when there are several). */
  declare named: boolean

  constructor() {
    super()
    this.named = true
  }

  override render() {
    const summary = this.summary
    if (!summary) return html`<span class="muted">no cache to watch</span>`
    const where = summary.context === 'this page' ? summary.backend : `${summary.backend} · ${summary.context}`
    if (summary.waiting) return html`<span class="name">${summary.name}</span><span class="muted">waiting</span>`
    const { hits, total, hitRatio } = summary.ratio
    const tone = total === 0 ? '' : hitRatio >= 0.5 ? 'good' : 'bad'
    const tiers = tierShares(summary.ratio, summary.tiers)
    return html`${this.named ? html`<span class="name">${summary.name}</span><span class="muted where">${where}</span>` : ''}
      <span part="summary" class="ratio ${tone}" data-ratio=${hitRatio}>${total === 0 ? '–' : percent(hitRatio)}</span>
      <span class="muted"
        >hit <span class="hits">${count(hits)}</span> / <span class="lookups">${count(total)}</span></span
      >
      ${tiers ? html`<span class="muted tiers">${tiers}</span>` : ''}
      <span
        ><span class="commands">${count(summary.commands)}</span>
        <span class="muted">${summary.commands === 1 ? 'command' : 'commands'}</span></span
      >
      <span><span class="rate">${count(summary.rate)}</span><span class="muted">/s</span></span>
      <span class="errors ${summary.errors ? 'some' : ''}"
        ><span class="error-count">${count(summary.errors)}</span> ${summary.errors === 1 ? 'error' : 'errors'}</span
      >`
  }
}

if (!customElements.get('pycached-summary')) customElements.define('pycached-summary', PycachedSummary)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-summary': PycachedSummary
  }
}
