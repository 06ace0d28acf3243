import { LitElement, type PropertyValues, html } from 'lit'
import type { Cache } from '../src/core/cache.js'
import { LATENCY_BOUNDS } from '../src/plugins/latency.js'
import { CacheController } from './cache-controller.js'
import './command-log.js'
import './commands-table.js'
import { percent } from './format.js'
import './hit-ratio-panel.js'
import { inspectorStyles } from './inspector-styles.js'
import { missingPlugins, problems, waitingFor } from './notices.js'
import { BodyRoom, TABS, type Tab, load, save } from './panel-state.js'
import { SourceList } from './source-list.js'
import { type Source, previews } from './source.js'
import './summary-bar.js'

function labelOf(source: Source): string {
  return source.context === 'this page'
    ? `${source.name} · ${source.backend}`
    : `${source.name} · ${source.backend} · ${source.context}`
}

/**
 * `<pycached-inspector>`: a devtools-style panel that watches a cache live — the hit ratio, commands and errors
 * at a glance in its header, and tabs of per-command timing, hit ratio over time, a bounded log of recent commands
 * and the cache's keys. It watches caches of its page (`cache`, `caches`, the `caches` registry) and caches that
 * other contexts of the origin bridge to it (`BridgePlugin`), and renders at most once per animation frame and
 * once per `refresh-interval`.
 *
 * @example
 * import 'pycached/inspector'
 * document.querySelector('pycached-inspector').cache = cache   // or <pycached-inspector cache="alias">
 *
 * @csspart panel - the docked panel.
 * @csspart badge - the collapsed badge.
 * @csspart tabs - the tab list.
 * @csspart resize - the resize handle.
 * @csspart header - the header with the summary.
 * @cssprop --pycached-bg - the panel's background.
 * @cssprop --pycached-bg-alt - the background of the header, the tab list and selected rows.
 * @cssprop --pycached-fg - the text.
 * @cssprop --pycached-muted - secondary text.
 * @cssprop --pycached-border - borders and grid lines.
 * @cssprop --pycached-accent - the selected tab, bars and chart lines.
 * @cssprop --pycached-good - hits.
 * @cssprop --pycached-bad - misses and errors.
 * @cssprop --pycached-font - the font.
 */
export class PycachedInspector extends LitElement {
  static override properties = {
    cache: {},
    caches: { attribute: false },
    channel: {},
    logLimit: { type: Number, attribute: 'log-limit' },
    refreshInterval: { type: Number, attribute: 'refresh-interval' },
    placement: { reflect: true },
    theme: { reflect: true },
    _tab: { state: true },
    _collapsed: { state: true },
    _height: { state: true },
    _picked: { state: true },
    _failed: { state: true },
  }

  static override styles = inspectorStyles

  /**
   * The cache to watch, or the alias of one in the `caches` registry (the `cache` attribute). An alias not
   * configured yet is waited for.
   */
  declare cache: Cache | string | undefined
  /** More caches to switch between. */
  declare caches: Cache[]
  /** The `BroadcastChannel` bridged caches publish on; `''` listens to none. @default 'pycached-inspector' */
  declare channel: string
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
  declare _picked: Source | undefined
  declare _failed: string | undefined
  readonly #data = new CacheController(this)
  readonly #sources = new SourceList(this)
  #keysTab: Promise<unknown> | undefined
  readonly #room = new BodyRoom(() => this.renderRoot.querySelector('.panel'))

  constructor() {
    super()
    const saved = load()
    this.cache = undefined
    this.caches = []
    this.channel = this.#sources.channel
    this.logLimit = 500
    this.refreshInterval = 250
    this.placement = 'bottom'
    this._tab = saved.tab
    this._collapsed = saved.collapsed
    this._height = saved.height
  }

  /** Every cache the inspector can show: its own, the registry's, and bridged ones. */
  get sources(): Source[] {
    return this.#sources.all(this)
  }

  /** The cache shown now. */
  get watched(): Source | undefined {
    const sources = this.sources
    if (this._picked && sources.includes(this._picked)) return this._picked
    return this.#sources.waitingFor(this) ? undefined : sources[0]
  }

  protected override willUpdate(): void {
    this.#sources.channel = this.channel
    this.#data.source = this.watched
    this.#data.active = !this._collapsed
    this.#data.logLimit = this.logLimit
    this.#data.refreshInterval = this.refreshInterval
    // The keys tab loads when first opened (or a state is forced, for its banner): a page that never opens it
    // never downloads it.
    const forced = this.watched?.control()
    if ((this._tab === 'keys' || forced?.latency || forced?.failure) && !this.#keysTab)
      // With the previews its first listing needs, fetched alongside rather than after it.
      this.#keysTab = Promise.all([import('./keys-tab.js'), previews()]).catch((error: unknown) => {
        this._failed = `The keys view could not load: ${String(error)}`
      })
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Through CSSOM, not a style attribute: pages with a strict CSP forbid style attributes.
    this.renderRoot.querySelector<HTMLElement>('.panel')?.style.setProperty('height', `${this._height}px`)
    // Saved when the tab or the collapsed state changes, and at the end of a resize; not at every render.
    if (changed.has('_tab') || changed.has('_collapsed')) save(this._tab, this._collapsed, this._height)
    this.#room.make(this.isConnected && !this._collapsed && this.placement !== 'inline')
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#room.giveBack()
  }

  override render() {
    const data = this.#data
    const watched = this.watched
    const waiting = this.#sources.waitingFor(this)
    if (this._collapsed) {
      return html`<button
        part="badge"
        class="badge"
        aria-label="open pycached inspector"
        @click=${() => (this._collapsed = false)}
      >
        pycached · ${data.ratio.total ? percent(data.ratio.hitRatio) : '–'}
      </button>`
    }
    const sources = this.sources
    const summary = waiting
      ? {
          name: waiting,
          backend: '',
          context: 'this page',
          tiers: [],
          ratio: data.ratio,
          commands: 0,
          rate: 0,
          errors: 0,
          waiting: true,
        }
      : watched && {
          name: watched.name,
          backend: watched.backend,
          context: watched.context,
          tiers: watched.tiers,
          ratio: data.ratio,
          commands: data.commands,
          rate: data.rate,
          errors: data.errors,
          waiting: false,
        }
    const malformed = this.#sources.malformed
    return html`<section part="panel" class="panel">
      ${this.placement === 'inline' ? '' : html`<div part="resize" class="resize" @pointerdown=${this._onResizeStart}></div>`}
      <header part="header">
        <span class="title">pycached</span>
        ${
          sources.length > 1
            ? html`<select aria-label="cache" @change=${this._onPick}>
                ${sources.map((source, i) => html`<option value=${i} ?selected=${source === watched}>${labelOf(source)}</option>`)}
              </select>`
            : ''
        }
        <pycached-summary .summary=${summary} .named=${sources.length <= 1}></pycached-summary>
        ${malformed ? html`<span class="malformed muted">${malformed} malformed bridge messages ignored</span>` : ''}
        <span class="spacer"></span>
        <button
          title="empty the log and the hit-ratio history; the cache's statistics stay"
          @click=${() => data.clearView()}
        >
          Clear view
        </button>
        <button @click=${this._onExport}>Export JSON</button>
        <button aria-label="collapse" title="collapse to a badge" @click=${() => (this._collapsed = true)}>▾</button>
      </header>
      ${problems(this.placement, this.theme, this._failed)} ${missingPlugins(watched)}
      <pycached-forced .state=${watched?.control()}></pycached-forced>
      <div part="tabs" class="tabs" role="tablist" aria-label="inspector views" @keydown=${this._onTabKey}>
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
      <div class="body" id="view" role="tabpanel" aria-labelledby="tab-${this._tab.replace(' ', '-')}">
        ${waiting ? waitingFor(waiting) : this._view(watched)}
      </div>
    </section>`
  }

  _view(watched: Source | undefined) {
    const data = this.#data
    if (!watched) return html`<p class="empty">No cache to watch: set <code>cache</code> or <code>caches</code>.</p>`
    switch (this._tab) {
      case 'commands':
        return html`<pycached-commands
          .stats=${data.stats}
          .refreshes=${data.refreshes}
          .resolution=${watched.resolution}
        ></pycached-commands>`
      case 'hit ratio':
        return html`<pycached-hit-ratio
          .ratio=${{ ...data.ratio }}
          .tiers=${watched.tiers}
          .history=${[...data.history]}
        ></pycached-hit-ratio>`
      case 'log':
        return html`<pycached-log
          .entries=${data.log}
          .dropped=${data.dropped}
          .paused=${data.paused}
          .resolution=${watched.resolution}
          @pause-change=${(e: CustomEvent<boolean>) => ((data.paused = e.detail), this.requestUpdate())}
          @clear-log=${() => data.clearLog()}
        ></pycached-log>`
      case 'keys':
        return html`<pycached-control .source=${watched} .state=${watched.control()}></pycached-control>${
            [watched.backend, ...watched.tiers].includes('indexeddb')
              ? html`<pycached-storage .source=${watched}></pycached-storage>`
              : ''
          }<pycached-keys .source=${watched} .sources=${this.sources}></pycached-keys>`
    }
  }

  _onPick(event: Event): void {
    this._picked = this.sources[Number((event.target as HTMLSelectElement).value)]
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
    // Loaded on the first export: a panel nobody exports from never downloads it.
    import('./export-json.js').then(
      ({ download }) => download(this.#data, LATENCY_BOUNDS),
      (error: unknown) => (this._failed = `Export JSON could not load: ${String(error)}`),
    )
  }

  _onResizeStart(event: PointerEvent): void {
    const handle = event.currentTarget as HTMLElement
    try {
      handle.setPointerCapture(event.pointerId)
    } catch {
      // A pointer no longer active (released before this ran) cannot be captured: the drag still follows it.
    }
    const startY = event.clientY
    const startHeight = this._height
    const move = (e: PointerEvent) =>
      (this._height = Math.min(Math.max(startHeight + startY - e.clientY, 120), innerHeight - 40))
    // A drag ends by a release, or is cancelled (the pointer lost, a touch taken over by the browser): either
    // way its listeners go.
    const ends = ['pointerup', 'pointercancel', 'lostpointercapture'] as const
    const end = () => {
      handle.removeEventListener('pointermove', move)
      for (const type of ends) handle.removeEventListener(type, end)
      save(this._tab, this._collapsed, this._height)
    }
    handle.addEventListener('pointermove', move)
    for (const type of ends) handle.addEventListener(type, end)
  }
}

if (!customElements.get('pycached-inspector')) customElements.define('pycached-inspector', PycachedInspector)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-inspector': PycachedInspector
  }
}
