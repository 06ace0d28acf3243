import { type LitElement, type ReactiveController, type TemplateResult, css, html } from 'lit'

/** Height of one row of a virtual list, px: fixed, so the position of any row is known without measuring. */
export const ROW_HEIGHT = 24

/** A view that is a toolbar over a virtual list filling the rest of its height: the log and the keys view. */
export const listViewStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  .toolbar {
    display: flex;
    gap: 8px;
    padding: 6px 8px;
    align-items: center;
    border-bottom: 1px solid var(--pycached-border);
  }
  .row .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
`

/** Layout of a virtual list: a scroller, a sizer as tall as every row, and the rows in view moved into place. */
export const virtualStyles = css`
  .table {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .scroller {
    flex: 1;
    min-height: 0;
    overflow: auto;
    overscroll-behavior: contain;
  }
  .sizer {
    position: relative;
  }
  .rows {
    position: absolute;
    inset: 0 0 auto 0;
  }
  .row {
    display: grid;
    height: ${ROW_HEIGHT}px;
    box-sizing: border-box;
    align-items: center;
    border-bottom: 1px solid var(--pycached-border);
  }
  .row > * {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    padding: 0 8px;
  }
  .row.head {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--pycached-bg);
    color: var(--pycached-muted);
    font-weight: 600;
  }
`

/**
 * Renders only the rows of a long list that are on screen (plus a few either side): the host draws
 * `controller.render(count, row)` and the DOM holds some 30 rows whether the list has 30 or 100,000. Rows have
 * one fixed height ({@link ROW_HEIGHT}); heights and offsets are set through CSSOM, which a strict
 * Content-Security-Policy allows (style attributes it does not).
 */
export class VirtualRows implements ReactiveController {
  readonly #host: LitElement
  readonly #overscan: number
  #scroller: HTMLElement | undefined
  #resize: ResizeObserver | undefined
  #first = 0
  #visible = 40
  #count = 0
  #start = 0

  constructor(host: LitElement, overscan = 10) {
    this.#host = host
    this.#overscan = overscan
    host.addController(this)
  }

  /** Index of the last row on screen. */
  get lastVisible(): number {
    return Math.min(this.#count, this.#first + this.#visible) - 1
  }

  /** The scroller around `count` rows, `head` a sticky first row, `row(i)` the template of row `i`. */
  render(count: number, row: (index: number) => TemplateResult, head?: TemplateResult): TemplateResult {
    this.#count = count
    const start = Math.max(0, Math.min(this.#first, count - this.#visible) - this.#overscan)
    const end = Math.min(count, this.#first + this.#visible + this.#overscan)
    this.#start = start
    const rows: TemplateResult[] = []
    for (let i = start; i < end; i++) rows.push(row(i))
    return html`<div class="scroller" role="table" @scroll=${this.#onScroll}>
      ${head ?? ''}
      <div class="sizer" role="rowgroup"><div class="rows">${rows}</div></div>
    </div>`
  }

  /** Scrolls back to the first row. */
  top(): void {
    if (this.#scroller) this.#scroller.scrollTop = 0
    this.#first = 0
  }

  hostConnected(): void {
    this.#resize = new ResizeObserver(() => this.#measure())
    if (this.#scroller) this.#resize.observe(this.#scroller)
  }

  hostDisconnected(): void {
    this.#resize?.disconnect()
    this.#resize = undefined
  }

  hostUpdated(): void {
    const scroller = this.#host.renderRoot.querySelector<HTMLElement>('.scroller') ?? undefined
    if (scroller !== this.#scroller) {
      if (this.#scroller) this.#resize?.unobserve(this.#scroller)
      this.#scroller = scroller
      if (scroller) this.#resize?.observe(scroller)
    }
    if (!scroller) return
    scroller.querySelector<HTMLElement>('.sizer')!.style.height = `${this.#count * ROW_HEIGHT}px`
    scroller.querySelector<HTMLElement>('.rows')!.style.transform = `translateY(${this.#start * ROW_HEIGHT}px)`
  }

  readonly #onScroll = (): void => this.#measure()

  #measure(): void {
    const scroller = this.#scroller
    if (!scroller) return
    const first = Math.floor(scroller.scrollTop / ROW_HEIGHT)
    const visible = Math.ceil(scroller.clientHeight / ROW_HEIGHT) + 1
    if (first === this.#first && visible === this.#visible) return
    this.#first = first
    this.#visible = visible
    this.#host.requestUpdate()
  }
}
