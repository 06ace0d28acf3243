import type { Cache } from '../src/core/cache.js'
import { clockResolution } from '../src/core/clock.js'
import type { HitMissRatio } from '../src/core/types.js'
import type { Plugin } from '../src/plugins/base.js'
import { VALUE_CHARS } from '../src/plugins/bridge-limits.js'
import type { KeyEntry } from '../src/plugins/bridge-preview.js'
import type { BridgeOp, ValueText } from '../src/plugins/bridge-protocol.js'
import { CommandBatchEvent, CommandEventsPlugin } from '../src/plugins/command-events.js'
import { type CommandStats, commandStats } from '../src/plugins/command-stats.js'
import { HitMissRatioPlugin } from '../src/plugins/hit-miss-ratio.js'
import { type Controlled, controlOf } from '../src/plugins/control-brand.js'
import type { ForcedState } from '../src/plugins/inspector-control.js'
import { TimingPlugin } from '../src/plugins/timing.js'
import { type RefreshStats, noRefreshes, watchWrappers } from '../src/plugins/wrapper-records.js'
import type { LogEntry } from './wrapper-events.js'

/** What a {@link Source} tells the views connected to it. */
export interface SourceListener {
  /** Commands that ran, and what function-caching wrappers did around them, oldest first. */
  records(records: readonly LogEntry[]): void
  /** Statistics changed without new commands (a bridged cache's statistics arrived). */
  changed?(): void
}

/** One page of a cache's keys as the keys view lists them; `cursor` is `undefined` after the last. */
export interface KeysPage {
  entries: KeyEntry[]
  cursor: string | undefined
}

/** One cache the inspector can show: a cache of this page, or one bridged from another context of the origin. */
export interface Source {
  /** Unique among the inspector's sources. */
  readonly id: string
  /** Its name: an alias, a namespace, or the backend's name. */
  readonly name: string
  /** Where it lives: `'this page'`, `'tab'`, `'worker'`, `'service worker'`, … */
  readonly context: string
  /** Its cache's namespace (`''` without one: then clearing empties the whole store). */
  readonly namespace: string
  /** Its backend's name. */
  readonly backend: string
  /** The names of its backend's tiers, fastest first; empty without tiers. */
  readonly tiers: readonly string[]
  /** The clock resolution where its durations are measured, ms. */
  readonly resolution: number
  /** The hit-miss totals. */
  ratio(): HitMissRatio
  /** Per-command timing. */
  stats(): CommandStats[]
  /** Commands that failed (since the inspector or the bridge started watching). */
  errors(): number
  /** Background refreshes of `staleWhileRevalidate` wrappers, where the source can tell. */
  refreshes?(): RefreshStats | undefined
  /** Starts telling `listener` what happens; returns the function that stops it. */
  connect(listener: SourceListener): () => void
  /** The statistics plugins the cache lacks, by class name (the inspector asks for them, never adds them). */
  missing(): string[]
  /** One page of keys with previews of their values (see `cache.snapshotPage`). */
  page(cursor: string | undefined, limit: number): Promise<KeysPage>
  /** `keys` with previews of their values, `undefined` for those missing (see `cache.peek`). */
  peek(keys: string[]): Promise<(KeyEntry | undefined)[]>
  /** One key's whole value as indented text (cut past 256 KB), or `undefined` when it is missing. */
  value(key: string): Promise<ValueText | undefined>
  /** How many keys the cache holds. */
  count(): Promise<number>
  /** Deletes one key. */
  delete(key: string): Promise<unknown>
  /** Clears the cache's namespace. */
  clear(): Promise<unknown>
  /** What is forced on the cache; `undefined` when it carries no `InspectorControlPlugin`. */
  control(): ForcedState | undefined
  /** The cache itself, for a cache of this page (the keys tab's actions write through it). */
  readonly cache?: Cache
  /** Asks a bridged cache's bridge to run `op` (the keys tab's actions use it for a bridged cache). */
  request?(op: BridgeOp, args: unknown[]): Promise<unknown>
}

/** The previews of values, which only the keys tab lists: loaded with the tab, not with the panel. */
export const previews = () => import('../src/plugins/bridge-preview.js')

function find<T extends Plugin>(plugins: Plugin[], type: abstract new (...args: never[]) => T): T | undefined {
  return plugins.find((plugin): plugin is T => plugin instanceof type)
}

/** The names of a backend's tiers, when it has some. */
export function tierNames(backend: unknown): string[] {
  const tiers = (backend as { tiers?: unknown }).tiers
  return Array.isArray(tiers) ? tiers.map((tier: { name?: unknown }) => String(tier.name)) : []
}

/**
 * A cache of this page. It reads the statistics of the cache's own `TimingPlugin` and `HitMissRatioPlugin`
 * (which count from when they were added, whoever watches) and, while a view is connected, listens to its
 * `CommandEventsPlugin`. It never adds, removes or resets a plugin: watching leaves the cache as it was.
 */
export class LocalSource implements Source {
  readonly id: string
  readonly context = 'this page'
  readonly name: string
  readonly #cache: Cache
  readonly #listeners = new Set<SourceListener>()
  #events: CommandEventsPlugin | undefined
  #control: Controlled | undefined
  readonly #refreshes = noRefreshes()
  #unwatch: (() => void) | undefined
  #errors = 0

  constructor(cache: Cache, name = cache.namespace ?? cache.backend.name, id = name) {
    this.#cache = cache
    this.name = name
    this.id = `page:${id}`
  }

  /** The cache itself. */
  get cache(): Cache {
    return this.#cache
  }

  get namespace(): string {
    return this.#cache.namespace ?? ''
  }

  get backend(): string {
    return this.#cache.backend.name
  }

  get tiers(): string[] {
    return tierNames(this.#cache.backend)
  }

  get resolution(): number {
    return clockResolution()
  }

  ratio(): HitMissRatio {
    return this.#cache.hitMissRatio
  }

  stats(): CommandStats[] {
    return commandStats(this.#cache.profiling, find(this.#cache.plugins, TimingPlugin))
  }

  missing(): string[] {
    const plugins = this.#cache.plugins
    return [TimingPlugin, HitMissRatioPlugin, CommandEventsPlugin]
      .filter((type) => !find(plugins, type as abstract new () => Plugin))
      .map((type) => type.name)
  }

  errors(): number {
    return this.#errors
  }

  refreshes(): RefreshStats {
    return { ...this.#refreshes }
  }

  connect(listener: SourceListener): () => void {
    if (this.#listeners.size === 0) this.#attach()
    this.#listeners.add(listener)
    return () => {
      if (this.#listeners.delete(listener) && this.#listeners.size === 0) this.#detach()
    }
  }

  async page(cursor: string | undefined, limit: number): Promise<KeysPage> {
    const [page, { keyEntryOf }] = await Promise.all([this.#cache.snapshotPage({ cursor, limit }), previews()])
    return { entries: page.entries.map(keyEntryOf), cursor: page.cursor }
  }

  async peek(keys: string[]): Promise<(KeyEntry | undefined)[]> {
    const [entries, { keyEntryOf }] = await Promise.all([this.#cache.peek(keys), previews()])
    return entries.map((entry) => entry && keyEntryOf(entry))
  }

  async value(key: string): Promise<ValueText | undefined> {
    const [[entry], { describe }] = await Promise.all([this.#cache.peek([key]), previews()])
    // Its freshness, for a staleWhileRevalidate result, the keys tab reads from `cache` itself.
    return entry && { text: describe(entry.value, VALUE_CHARS, 2), ttl: entry.ttl }
  }

  async count(): Promise<number> {
    return (await this.#cache.keys()).length
  }

  delete(key: string): Promise<unknown> {
    return this.#cache.delete(key)
  }

  clear(): Promise<unknown> {
    return this.#cache.clear()
  }

  control(): ForcedState | undefined {
    return controlOf(this.#cache.plugins)?.state
  }

  #attach(): void {
    // A state forced by the app itself shows at once, as one forced from the panel does.
    this.#control = controlOf(this.#cache.plugins)
    this.#control?.addEventListener('forced', this.#onForced)
    this.#events = find(this.#cache.plugins, CommandEventsPlugin)
    this.#events?.addEventListener(CommandBatchEvent.type, this.#onCommands)
    // A wrapper's row follows the commands before it (the `get` that found the entry stale, say), so those
    // leave their batch first.
    const events = this.#events
    this.#unwatch = watchWrappers(this.#cache, this.#refreshes, (entry) => {
      events?.flush()
      this.#tell([entry])
    })
  }

  #detach(): void {
    this.#control?.removeEventListener('forced', this.#onForced)
    this.#control = undefined
    this.#events?.removeEventListener(CommandBatchEvent.type, this.#onCommands)
    this.#unwatch?.()
    this.#events = undefined
  }

  readonly #onForced = (): void => {
    for (const listener of this.#listeners) listener.changed?.()
  }

  // One event per task with every command of it: the views take the batch as it comes.
  readonly #onCommands = (event: CommandBatchEvent): void => {
    const { records } = event
    for (const record of records) if (record.error !== undefined) this.#errors++
    this.#tell(records)
  }

  #tell(records: readonly LogEntry[]): void {
    for (const listener of this.#listeners) listener.records(records)
  }
}
