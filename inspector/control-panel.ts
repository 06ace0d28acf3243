import { LitElement, css, html } from 'lit'
import type { ForcedFailure, ForcedState } from '../src/plugins/inspector-control.js'
import { forceState } from './source-actions.js'
import type { Source } from './source.js'
import { theme, toolbarLine } from './styles.js'

const FAILURES: [ForcedFailure | '', string][] = [
  ['', 'none'],
  ['error', 'commands fail (BackendError)'],
  ['quota', 'quota exceeded (writes fail, reason capacity)'],
  ['offline', 'offline (every command fails, reason connection)'],
]

/** What is forced, in words: `+200 ms latency, offline`; `''` when nothing is. */
export function forcedText(state: ForcedState | undefined): string {
  if (!state) return ''
  const parts = state.latency > 0 ? [`+${state.latency} ms latency`] : []
  if (state.failure) parts.push(FAILURES.find(([failure]) => failure === state.failure)![1])
  return parts.join(', ')
}

/**
 * Forces a state on the watched cache through its `InspectorControlPlugin`: added latency, failing commands,
 * quota exceeded, offline. For a cache without the plugin it says how to add it (the inspector never adds one).
 *
 * @fires forced - what is forced changed; `detail` is the new state.
 */
export class PycachedControl extends LitElement {
  static override properties = { source: { attribute: false }, state: { attribute: false }, _error: { state: true } }

  static override styles = [
    theme,
    toolbarLine,
    css`
      input {
        width: 6em;
      }
    `,
  ]

  /** The watched cache. */
  declare source: Source | undefined
  /** What is forced now (`undefined`: the cache carries no `InspectorControlPlugin`). */
  declare state: ForcedState | undefined
  declare _error: string | undefined

  override render() {
    const state = this.state
    if (!state)
      return html`<span class="muted how"
        >To force latency, failures, a full quota or offline on this cache, give it
        <code>new InspectorControlPlugin()</code> in its <code>plugins</code>.</span
      >`
    return html`<form @submit=${this._onApply} aria-label="force a state">
      <label>Force: latency (ms) <input name="latency" .value=${String(state.latency)} inputmode="numeric" /></label>
      <label
        >failure
        <select name="failure">
          ${FAILURES.map(([value, label]) => html`<option value=${value} ?selected=${value === (state.failure ?? '')}>${label}</option>`)}
        </select></label
      >
      <button type="submit">Apply</button>
      <button type="button" @click=${() => void this.#force({ latency: 0 })}>Stop forcing</button>
      ${this._error ? html`<span class="error" role="alert" data-field="latency">${this._error}</span>` : ''}
    </form>`
  }

  async _onApply(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const text = String(form.get('latency') ?? '').trim()
    const latency = text === '' ? 0 : Number(text)
    if (!Number.isFinite(latency) || latency < 0 || latency > 60_000)
      return void (this._error = `latency must be a number of ms from 0 to 60000, got "${text.slice(0, 40)}"`)
    const failure = (form.get('failure') || undefined) as ForcedFailure | undefined
    await this.#force(failure ? { latency, failure } : { latency })
  }

  async #force(state: ForcedState): Promise<void> {
    try {
      await forceState(this.source!, state)
      this._error = undefined
      // A bridged cache says what it forces with its next statistics; until then the form shows what was asked.
      if (!this.source!.cache) this.state = state
      this.dispatchEvent(new CustomEvent('forced', { detail: state, bubbles: true, composed: true }))
    } catch (error) {
      this._error = `Not forced: ${String(error)}`
    }
  }
}

/**
 * A banner across the panel while a state is forced on the watched cache, whoever forced it (the panel, or the app).
 */
export class PycachedForced extends LitElement {
  static override properties = { state: { attribute: false } }

  static override styles = [
    theme,
    css`
      p {
        margin: 0;
        padding: 4px 8px;
        font-weight: 700;
        color: var(--pycached-bad);
        border: 2px solid var(--pycached-bad);
      }
    `,
  ]

  /** What is forced (nothing shows without a latency or a failure). */
  declare state: ForcedState | undefined

  override render() {
    const state = this.state
    if (!state || (!state.latency && !state.failure)) return ''
    const what = [
      state.latency ? `+${state.latency} ms latency` : '',
      state.failure ? `${state.failure} (BackendError)` : '',
    ]
    return html`<p class="forced" role="status">
      Forced on this cache: ${what.filter(Boolean).join(', ')}. Off after a reload; change it in the keys tab.
    </p>`
  }
}

if (!customElements.get('pycached-control')) customElements.define('pycached-control', PycachedControl)
if (!customElements.get('pycached-forced')) customElements.define('pycached-forced', PycachedForced)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-forced': PycachedForced
    'pycached-control': PycachedControl
  }
}
