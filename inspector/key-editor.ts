import { LitElement, css, html } from 'lit'
import { writeKey } from './source-actions.js'
import type { Source } from './source.js'
import { theme } from './styles.js'

// The longest key and value text the bridge takes (KEY_CHARS and VALUE_CHARS of src/plugins/bridge-limits.ts),
// written here so this lazily loaded form imports nothing the panel's up-front code holds.
const KEY_CHARS = 10_000
const VALUE_CHARS = 256 * 1024

/** The fields of the form, each with the message that says what is wrong with it. */
type Field = 'key' | 'value' | 'ttl' | 'write'

/** A TTL typed in seconds as ms: empty is `Infinity` (never expires); anything but a positive number is refused. */
export function ttlField(text: string): number | string {
  const trimmed = text.trim()
  if (trimmed === '') return Infinity
  const seconds = Number(trimmed)
  if (!Number.isFinite(seconds) || seconds <= 0)
    return `TTL must be a positive number of seconds (empty: never expires), got "${trimmed.slice(0, 40)}"`
  return Math.ceil(seconds * 1000)
}

/** What is wrong with a value typed as JSON text, or `undefined` when it is a value to store. */
export function valueField(text: string): string | undefined {
  if (text.length >= VALUE_CHARS) return `value must be at most ${VALUE_CHARS} characters of JSON`
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    return `value is not valid JSON: ${error instanceof Error ? error.message : String(error)}`
  }
}

/**
 * Edits one key of a cache (its value as JSON and its TTL), or adds one: the write goes through the cache
 * (`cache.set`, with its serializer and namespace), or over the bridge for a bridged cache. A field that is not
 * valid is named under it and nothing is written.
 *
 * @fires key-saved - the key was written; `detail` is the key.
 * @fires edit-cancel - the form was closed without writing.
 */
export class PycachedKeyEditor extends LitElement {
  static override properties = {
    source: { attribute: false },
    key: { attribute: false },
    value: { attribute: false },
    ttl: { attribute: false },
    _errors: { state: true },
    _saving: { state: true },
  }

  static override styles = [
    theme,
    css`
      form {
        display: grid;
        gap: 4px;
        padding: 6px 8px;
      }
      textarea {
        min-height: 5em;
        font: inherit;
      }
      .error {
        color: var(--pycached-bad);
      }
    `,
  ]

  /** The cache written to. */
  declare source: Source | undefined
  /** The key edited; `undefined` to add one. */
  declare key: string | undefined
  /** The value's text the form starts with. */
  declare value: string
  /** The TTL left the form starts with, ms (`Infinity`: none). */
  declare ttl: number
  declare _errors: Partial<Record<Field, string>>
  declare _saving: boolean

  constructor() {
    super()
    this.source = this.key = undefined
    this.value = ''
    this.ttl = Infinity
    this._errors = {}
    this._saving = false
  }

  override render() {
    const errors = this._errors
    const error = (field: Field) =>
      errors[field] ? html`<span class="error" role="alert" data-field=${field}>${errors[field]}</span>` : ''
    const adding = this.key === undefined
    return html`<form @submit=${this._onSubmit} aria-label=${adding ? 'add a key' : `edit ${this.key}`}>
      ${
        adding
          ? html`<label>key <input name="key" autocomplete="off" /></label>${error('key')}`
          : html`<strong>${this.key}</strong>`
      }
      <label for="value">value (JSON)</label>
      <textarea id="value" name="value" .value=${this.value}></textarea>
      ${error('value')}
      <label
        >TTL, seconds (empty: never expires)
        <input name="ttl" .value=${this.ttl === Infinity ? '' : String(Math.ceil(this.ttl / 1000))}
      /></label>
      ${error('ttl')}
      <span>
        <button type="submit" ?disabled=${this._saving}>${adding ? 'Add' : 'Save'}</button>
        <button type="button" @click=${() => this.#tell('edit-cancel')}>Cancel</button>
      </span>
      ${error('write')}
    </form>`
  }

  async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const key = this.key ?? String(form.get('key') ?? '')
    const json = String(form.get('value') ?? '')
    const ttl = ttlField(String(form.get('ttl') ?? ''))
    const errors: Partial<Record<Field, string>> = {}
    if (key === '') errors.key = 'key must not be empty'
    else if (key.length > KEY_CHARS) errors.key = `key must be at most ${KEY_CHARS} characters`
    const value = valueField(json)
    if (value) errors.value = value
    if (typeof ttl === 'string') errors.ttl = ttl
    this._errors = errors
    const source = this.source
    if (Object.keys(errors).length > 0 || !source || typeof ttl === 'string') return
    this._saving = true
    try {
      // Adding never replaces a key by mistake: an existing one is edited from its row.
      if (this.key === undefined && (await source.peek([key]))[0])
        return void (this._errors = { key: `key "${key.slice(0, 80)}" exists already: select its row to edit it` })
      await writeKey(source, key, json, ttl)
      this.#tell('key-saved', key)
    } catch (error) {
      this._errors = { write: `Not written: ${String(error)}` }
    } finally {
      this._saving = false
    }
  }

  #tell(type: string, detail?: string): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
  }
}

if (!customElements.get('pycached-key-editor')) customElements.define('pycached-key-editor', PycachedKeyEditor)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-key-editor': PycachedKeyEditor
  }
}
