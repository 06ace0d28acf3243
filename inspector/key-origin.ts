import { LitElement, css, html } from 'lit'
import { isFreshEntry } from '../src/decorators/freshness.js'
import type { ValueText } from '../src/plugins/bridge-protocol.js'
import type { CommandRecord } from '../src/plugins/command-events.js'
import { clock, ttl } from './format.js'
import { writtenBy } from './source-actions.js'
import type { Source } from './source.js'
import { theme } from './styles.js'

/** Something seen of a key in the commands of the watched cache: when, and by which tier or context. */
export interface Seen {
  time: number
  /** The tier that answered a read (its name, `'miss'`), or the context that wrote. */
  by: string
}

// Keys remembered per kind of sighting: past twice this, the oldest half is forgotten (amortised, no pass per command).
const REMEMBERED = 2000

/** The last sighting of each of the latest {@link REMEMBERED} keys seen. */
export class LastSeen {
  #seen = new Map<string, Seen>()

  /** Notes that `key` was seen now as `seen`. */
  note(key: string, seen: Seen): void {
    this.#seen.delete(key)
    this.#seen.set(key, seen)
    if (this.#seen.size > 2 * REMEMBERED) this.#seen = new Map([...this.#seen].slice(-REMEMBERED))
  }

  get(key: string): Seen | undefined {
    return this.#seen.get(key)
  }

  clear(): void {
    this.#seen.clear()
  }
}

// The commands that store a value: the view notes which context wrote it last.
const STORES = new Set(['set', 'multiSet', 'add', 'increment'])

/** What the watched cache's commands told of each key: the tier that answered its last read, its last write. */
export class KeyHistory {
  readonly reads = new LastSeen()
  readonly writes = new LastSeen()

  /** Notes the reads and writes of `records`, commands of `source`. */
  take(records: readonly CommandRecord[], source: Source): void {
    const tierName = (index: number | undefined) =>
      index === undefined || index < 0 ? 'miss' : (source.tiers[index] ?? source.backend)
    for (const { command, keys, tiers, time, error } of records) {
      if (error !== undefined) continue
      if (STORES.has(command)) for (const key of keys) this.writes.note(key, { time, by: source.context })
      if (tiers) keys.forEach((key, i) => this.reads.note(key, { time, by: tierName(tiers[i]) }))
    }
  }

  clear(): void {
    this.reads.clear()
    this.writes.clear()
  }
}

/** Who wrote a key last, as far as the caches that can tell say. */
interface Writer {
  time: number
  by: string
}

/** Whether `other` writes to the store `watched` reads: the same namespace over a common store that is not memory. */
function sharesStore(watched: Source, other: Source): boolean {
  if (other === watched) return true
  if (other.namespace !== watched.namespace) return false
  const stores = new Set([watched.backend, ...watched.tiers].filter((name) => name !== 'memory'))
  return [other.backend, ...other.tiers].some((name) => stores.has(name))
}

/** Where a value's freshness stands at `now`, in words, from when it stops being fresh (if a wrapper said). */
export function freshness(freshUntil: number | undefined, now = Date.now()): string {
  if (freshUntil === undefined) return 'not stored by a staleWhileRevalidate wrapper'
  const left = freshUntil - now
  return left > 0
    ? `fresh for ${ttl(left)} more (staleWhileRevalidate)`
    : `stale for ${ttl(-left)}: a wrapper serves it while one refresh runs, within its window`
}

/**
 * Where a key's value came from: the tier that answered the last read the view saw, its TTL and
 * stale-while-revalidate state, and the context (this page, a tab, a worker) that wrote it last and when — as
 * told by the watched cache's commands and by the bridges of caches on the same store.
 *
 * @csspart origin - the list.
 */
export class PycachedKeyOrigin extends LitElement {
  static override properties = {
    source: { attribute: false },
    sources: { attribute: false },
    key: { attribute: false },
    value: { attribute: false },
    read: { attribute: false },
    wrote: { attribute: false },
    _writer: { state: true },
    _freshUntil: { state: true },
  }

  static override styles = [
    theme,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 8px;
        margin: 4px 0;
      }
      dt {
        color: var(--pycached-muted);
      }
      dd {
        margin: 0;
      }
    `,
  ]

  /** The watched cache. */
  declare source: Source | undefined
  /** Every cache the inspector knows, asked who wrote the key when they share the watched cache's store. */
  declare sources: readonly Source[]
  declare key: string | undefined
  /** The key's value as read, with its TTL and freshness. */
  declare value: ValueText | undefined
  /** The last read of the key the view saw. */
  declare read: Seen | undefined
  /** The last write of the key the view saw in the watched cache's commands. */
  declare wrote: Seen | undefined
  declare _writer: Writer | undefined | null
  /** When the value stops being fresh, for a staleWhileRevalidate result (read from a cache of this page). */
  declare _freshUntil: number | undefined
  #asked = 0

  constructor() {
    super()
    this.source = this.key = this.value = this.read = this.wrote = undefined
    this.sources = []
    this._writer = undefined
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('key') || changed.has('value') || changed.has('wrote')) void this.#askWriters()
    if (changed.has('key') || changed.has('value')) void this.#readFreshness()
  }

  /** A bridged cache's answer says until when its value is fresh; a cache of this page is asked here. */
  async #readFreshness(): Promise<void> {
    const { source, key, value } = this
    this._freshUntil = value?.freshUntil
    if (!source?.cache || key === undefined || value === undefined) return
    const [entry] = await source.cache.peek([key])
    if (key === this.key && entry && isFreshEntry(entry.value)) this._freshUntil = entry.value.freshUntil
  }

  override render() {
    const { value, read } = this
    const writer = this._writer
    const tiered = (this.source?.tiers.length ?? 0) > 0
    return html`<dl part="origin" aria-label="where the value came from">
      <dt>answered by</dt>
      <dd class="tier">
        ${read ? `${read.by}${tiered && read.by !== 'miss' ? ' tier' : ''} at ${clock(read.time)}` : 'no read seen since the keys tab opened'}
      </dd>
      <dt>TTL</dt>
      <dd class="ttl">${value ? (value.ttl === Infinity ? 'never expires' : `${ttl(value.ttl)} left`) : '…'}</dd>
      <dt>freshness</dt>
      <dd class="fresh">${value ? freshness(this._freshUntil) : '…'}</dd>
      <dt>written by</dt>
      <dd class="writer">
        ${
          writer
            ? `${writer.by} at ${clock(writer.time)}`
            : writer === null
              ? 'no write seen: none by this view, nor by a bridged context of the same store since its bridge started'
              : 'asking…'
        }
      </dd>
    </dl>`
  }

  /** Asks every bridged cache on the watched cache's store when it last wrote the key; the latest write wins. */
  async #askWriters(): Promise<void> {
    const { source, key } = this
    const asked = ++this.#asked
    if (!source || key === undefined) return
    const askable = this.sources.filter((other) => other.request && sharesStore(source, other))
    const answers = await Promise.all(
      askable.map(async (other): Promise<Writer | undefined> => {
        try {
          const time = await writtenBy(other, key)
          return time === undefined ? undefined : { time, by: `${other.context} "${other.name}"` }
        } catch {
          // A bridge that does not answer cannot tell: the others still can.
          return undefined
        }
      }),
    )
    if (asked !== this.#asked) return
    const candidates = [this.wrote, ...answers].filter((writer): writer is Writer => writer !== undefined)
    this._writer = candidates.sort((a, b) => b.time - a.time)[0] ?? null
  }
}

if (!customElements.get('pycached-key-origin')) customElements.define('pycached-key-origin', PycachedKeyOrigin)

declare global {
  interface HTMLElementTagNameMap {
    'pycached-key-origin': PycachedKeyOrigin
  }
}
