// The lines the inspector adds when something needs the user: an alias not configured, an attribute value it
// does not know, a plugin the watched cache lacks. All text, never markup.
import { html } from 'lit'
import { caches as registry } from '../src/core/registry.js'
import type { Source } from './source.js'

const PLACEMENTS = ['bottom', 'inline']
const THEMES = ['light', 'dark']

/** An alias not configured (yet): waited for, with the aliases there are, so a typo shows. */
export function waitingFor(alias: string) {
  const known = registry.aliases()
  const aliases = known.length ? `Known aliases: ${known.join(', ')}.` : 'No alias is configured yet.'
  return html`<p class="empty waiting">Waiting for cache "${alias}" to be configured… ${aliases}</p>`
}

/** A part that failed to load, and the `placement` and `theme` values it does not know, each with those it does. */
export function problems(placement: unknown, theme: unknown, failed?: string) {
  const found: string[] = failed ? [failed] : []
  const check = (name: string, value: unknown, valid: readonly string[], unset: string) => {
    if (value !== undefined && value !== null && !valid.includes(value as string))
      found.push(`${name}="${String(value)}" is not one of ${valid.map((v) => `"${v}"`).join(', ')}${unset}.`)
  }
  check('placement', placement, PLACEMENTS, '')
  check('theme', theme, THEMES, ' (leave it out to follow the system)')
  return found.length ? html`<p class="notice problem" role="alert">${found.join(' ')}</p>` : ''
}

/** What the watched cache lacks for the views to show everything: the inspector asks, it never adds. */
export function missingPlugins(watched: Source | undefined) {
  const missing = watched?.missing() ?? []
  if (missing.length === 0) return ''
  return html`<p class="notice" role="status">
    This cache has no ${missing.join(', ')}: add ${missing.length === 1 ? 'it' : 'them'} to its
    <code>plugins</code> for ${missing.includes('CommandEventsPlugin') ? 'the log and live keys' : 'its statistics'}
    (they count from when they are added; watching never adds a plugin).
  </p>`
}
