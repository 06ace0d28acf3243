import { LitElement, css, html } from 'lit'
import type { Cache } from '../src/core/cache.js'
import { caches } from '../src/core/registry.js'
import { CacheController } from './cache-controller.js'
import './command-log.js'
import './commands-table.js'
import { percent } from './format.js'
import './hit-ratio-panel.js'
import './keys-view.js'
import { theme } from './styles.js'

const TABS = ['commands', 'hit ratio', 'log', 'keys'] as const
type Tab = (typeof TABS)[number]
const STORAGE_KEY = 'pycached-inspector'

interface SavedState {
  tab: Tab
  collapsed: boolean
  height: number
}

function load(): SavedState {
  const fallback: SavedState = { tab: 'commands', collapsed: false, height: 300 }
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<SavedState>
    return {
      tab: TABS.includes(saved.tab as Tab) ? (saved.tab as Tab) : fallback.tab,
      collapsed: typeof saved.collapsed === 'boolean' ? saved.collapsed : fallback.collapsed,
      height: typeof saved.height === 'number' ? Math.min(Math.max(saved.height, 120), 2000) : fallback.height,
    }
  } catch {
    // Storage may be disabled or hold something else: start from the defaults.
    return fallback
  }
}

function labelOf(cache: Cache, index: number): string {
  return cache.namespace ?? `${cache.backend.name} #${index + 1}`
}

/**
 * `<pycached-inspector>`: a devtools-style panel that watches a cache live — per-command timing, hit ratio now and
 * over time, a bounded log of recent commands, and the cache's keys. It subscribes to plugin events (attaching the
 * plugins it needs when the cache lacks them) and renders at most once per animation frame and once per
 * `refresh-interval`.
 *
 * @example
 * import 'pycached/inspector'
 * document.querySelector('pycached-inspector').cache = cache   // or <pycached-inspector cache="alias">
 *
 * @csspart panel - the docked panel. @csspart badge - the collapsed badge. @csspart tabs - the tab list.
 * @csspart resize - the resize handle.
 */
export class PycachedInspector extends LitElement {
  static override properties = {
    cache: { converter: { fromAttribute: (alias: string | null) => (alias ? caches.get(alias) : undefined) } },
    caches: { attribute: false },
    logLimit: { type: Number, attribute: 'log-limit' },
    refreshInterval: { type: Number, attribute: 'refresh-interval' },
    placement: { reflect: true },
    theme: { reflect: true },
    _tab: { state: true },
    _collapsed: { state: true },
    _height: { state: true },
  }

  static override styles = [
    theme,
    css`
      :host {
        position: fixed;
        inset: auto 0 0 0;
        z-index: 2147483000;
      }
      :host([placement='inline']) {
        position: static;
        display: block;
      }
      .panel {
        background: var(--pycached-bg);
        border-top: 1px solid var(--pycached-border);
        box-shadow: 0 -4px 16px rgb(0 0 0 / 12%);
        display: flex;
        flex-direction: column;
      }
      .resize {
        height: 5px;
        cursor: ns-resize;
        background: var(--pycached-bg-alt);
        touch-action: none;
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 0 8px;
        border-bottom: 1px solid var(--pycached-border);
        background: var(--pycached-bg-alt);
      }
      .title {
        font-weight: 700;
      }
      [role='tablist'] {
        display: flex;
      }
      [role='tab'] {
        all: unset;
        padding: 6px 10px;
        cursor: pointer;
        border-bottom: 2px solid transparent;
      }
      [role='tab'][aria-selected='true'] {
        border-bottom-color: var(--pycached-accent);
        color: var(--pycached-accent);
      }
      .spacer {
        flex: 1;
      }
      .body {
        overflow: auto;
        flex: 1;
      }
      .badge {
        position: fixed;
        right: 12px;
        bottom: 12px;
        border-radius: 999px;
        padding: 6px 12px;
        background: var(--pycached-bg);
        box-shadow: 0 2px 10px rgb(0 0 0 / 20%);
      }
    `,
  ]

  /** The cache to watch; as an attribute, an alias resolved through `caches`. */
  declare cache: Cache | undefined
  /** Several caches to switch between (the first is shown unless `cache` is set). */
  declare caches: Cache[]
  /** Most log entries kept. @default 500 */
  declare logLimit: number
  /** Least time (ms) between two refreshes while commands stream in; 0 refreshes at every animation frame. @default 250 */
  declare refreshInterval: number
  /** `'bottom'` docks the panel to the viewport; `'inline'` lays it out in the page. @default 'bottom' */
  declare placement: 'bottom' | 'inline'
  /** Forces `'light'` or `'dark'`; by default it follows `prefers-color-scheme`. */
  declare theme: 'light' | 'dark' | undefined
  declare _tab: Tab
  declare _collapsed: boolean
  declare _height: number
  readonly #data = new CacheController(this)

  constructor() {
    super()
    const saved = load()
    this.cache = undefined
    this.caches = []
    this.logLimit = 500
    this.refreshInterval = 250
    this.placement = 'bottom'
    this._tab = saved.tab
    this._collapsed = saved.collapsed
    this._height = saved.height
  }

  /** The cache currently shown. */
  get watched(): Cache | undefined {
    return this.cache ?? this.caches[0]
  }

  protected override willUpdate(): void {
    this.#data.cache = this.watched
    this.#data.logLimit = this.logLimit
    this.#data.refreshInterval = this.refreshInterval
  }

  protected override updated(): void {
    // Through CSSOM, not a style attribute: pages with a strict CSP forbid style attributes.
    const panel = this.renderRoot.querySelector<HTMLElement>('.panel')
    panel?.style.setProperty('height', this.placement === 'inline' ? '' : `${this._height}px`)
    try {
      localStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ tab: this._tab, collapsed: this._collapsed, height: this._height }),
      )
    } catch {
      // Storage disabled: the panel simply does not remember its state.
    }
  }

  override render() {
    const ratio = this.#data.ratio
    if (this._collapsed) {
      return html`<button
        part="badge"
        class="badge"
        aria-label="open pycached inspector"
        @click=${() => (this._collapsed = false)}
      >
        pycached · ${ratio.total ? percent(ratio.hitRatio) : '–'}
      </button>`
    }
    const pool = this.cache && !this.caches.includes(this.cache) ? [this.cache, ...this.caches] : this.caches
    return html`<section part="panel" class="panel">
      ${this.placement === 'inline' ? '' : html`<div part="resize" class="resize" @pointerdown=${this._onResizeStart}></div>`}
      <header>
        <span class="title">pycached</span>
        ${
          pool.length > 1
            ? html`<select aria-label="cache" @change=${this._onPick}>
                ${pool.map((cache, i) => html`<option value=${i} ?selected=${cache === this.watched}>${labelOf(cache, i)}</option>`)}
              </select>`
            : ''
        }
        <div part="tabs" role="tablist" aria-label="inspector views" @keydown=${this._onTabKey}>
          ${TABS.map(
            (tab) =>
              html`<button
                role="tab"
                id="tab-${tab.replace(' ', '-')}"
                aria-selected=${tab === this._tab}
                aria-controls="view"
                tabindex=${tab === this._tab ? 0 : -1}
                @click=${() => (this._tab = tab)}
              >
                ${tab}
              </button>`,
          )}
        </div>
        <span class="spacer"></span>
        <button @click=${() => this.#data.reset()}>Reset stats</button>
        <button @click=${this._onExport}>Export JSON</button>
        <button aria-label="collapse" @click=${() => (this._collapsed = true)}>▁</button>
      </header>
      <div class="body" id="view" role="tabpanel" aria-labelledby="tab-${this._tab.replace(' ', '-')}">
        ${this._view()}
      </div>
    </section>`
  }

  _view() {
    const data = this.#data
    switch (this._tab) {
      case 'commands':
        return html`<pycached-commands .stats=${data.stats}></pycached-commands>`
      case 'hit ratio':
        return html`<pycached-hit-ratio .ratio=${{ ...data.ratio }} .history=${[...data.history]}></pycached-hit-ratio>`
      case 'log':
        return html`<pycached-log
          .entries=${data.log}
          .dropped=${data.dropped}
          .paused=${data.paused}
          @pause-change=${(e: CustomEvent<boolean>) => ((data.paused = e.detail), this.requestUpdate())}
          @clear-log=${() => data.clearLog()}
        ></pycached-log>`
      case 'keys':
        return html`<pycached-keys .cache=${this.watched} .revision=${data.writes}></pycached-keys>`
    }
  }

  _onPick(event: Event): void {
    const pool = this.cache && !this.caches.includes(this.cache) ? [this.cache, ...this.caches] : this.caches
    this.cache = pool[Number((event.target as HTMLSelectElement).value)]
  }

  _onTabKey(event: KeyboardEvent): void {
    const i = TABS.indexOf(this._tab)
    const n = TABS.length
    const next = (
      { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 } as Record<string, number>
    )[event.key]
    if (next === undefined) return
    event.preventDefault()
    this._tab = TABS[next]!
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[role="tab"][tabindex="0"]')?.focus(),
    )
  }

  _onExport(): void {
    const blob = new Blob([JSON.stringify(this.#data.export(), null, 2)], { type: 'application/json' })
    const link = document.createElement('a')
    link.href = URL.createObjectURL(blob)
    link.download = 'pycached-stats.json'
    link.click()
    setTimeout(() => URL.revokeObjectURL(link.href), 1000)
  }

  _onResizeStart(event: PointerEvent): void {
    const handle = event.currentTarget as HTMLElement
    handle.setPointerCapture(event.pointerId)
    const startY = event.clientY
    const startHeight = this._height
    const move = (e: PointerEvent) =>
      (this._height = Math.min(Math.max(startHeight + startY - e.clientY, 120), innerHeight - 40))
    const end = () => {
      handle.removeEventListener('pointermove', move)
      handle.removeEventListener('pointerup', end)
    }
    handle.addEventListener('pointermove', move)
    handle.addEventListener('pointerup', end)
  }
}

if (!customElements.get('pycached-inspector')) customElements.define('pycached-inspector', PycachedInspector)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-inspector': PycachedInspector
  }
}
