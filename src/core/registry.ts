import type { Backend } from '../backends/backend.js'
import type { Plugin } from '../plugins/base.js'
import { release, retain } from './backend-users.js'
import { CACHE_OPTIONS, Cache } from './cache.js'
import type { CacheOptions } from './types.js'
import { assertKnownOptions } from './validate.js'

/**
 * How the registry builds one alias's cache. `url` (as `Cache.fromUrl`) or `backend` chooses the store;
 * give `backend` and `plugins` as factories so every `create` gets fresh ones.
 */
export interface CacheConfig extends Omit<CacheOptions, 'backend' | 'plugins'> {
  /** A cache URL such as `memory://?maxSize=100` or `indexeddb://app/cache`. */
  url?: string | undefined
  /** The backend, or a function that makes one per cache. */
  backend?: Backend | (() => Backend) | undefined
  /** The plugins, or a function that makes them per cache. */
  plugins?: Plugin[] | (() => Plugin[]) | undefined
}

const CONFIG_OPTIONS = ['url', ...CACHE_OPTIONS] as const

/** A checked copy of one alias's configuration: unknown keys and `url` with `backend` are `TypeError`s. */
function checked(config: unknown, name: string): CacheConfig {
  assertKnownOptions(config, CONFIG_OPTIONS, name)
  if (config === undefined) throw new TypeError(`${name} must be an object, got undefined`)
  const copy = { ...(config as CacheConfig) }
  if (copy.url !== undefined && copy.backend !== undefined)
    throw new TypeError(`${name} gives both url and backend; give one (the url builds the backend)`)
  if (Array.isArray(copy.plugins)) copy.plugins = [...copy.plugins]
  return copy
}

function build(config: CacheConfig): Cache {
  const { url, backend, plugins, ...options } = config
  const resolvedPlugins = typeof plugins === 'function' ? plugins() : plugins ? [...plugins] : []
  const resolved = { ...options, plugins: resolvedPlugins }
  if (url !== undefined) return Cache.fromUrl(url, resolved)
  return new Cache({ ...resolved, backend: typeof backend === 'function' ? backend() : backend })
}

/** Holds the backend instance a configuration names, so that closing a cache built from it does not close it. */
function hold(config: CacheConfig): void {
  if (config.backend !== undefined && typeof config.backend !== 'function') retain(config.backend)
}

/**
 * Closes the shared caches built from replaced configurations, then lets go of their backend instances. Runs in the
 * background: a close that fails concerns a cache nobody can get from the registry any more.
 */
function retire(built: readonly Cache[], replaced: readonly CacheConfig[]): void {
  void (async () => {
    await Promise.allSettled(built.map((cache) => cache.close()))
    await Promise.allSettled(
      replaced.map((config) =>
        config.backend !== undefined && typeof config.backend !== 'function' ? release(config.backend) : undefined,
      ),
    )
  })()
}

/**
 * Dispatched by a {@link CacheRegistry} (type `'change'`) when an alias is added or replaced, when `setConfig`
 * replaced every alias, and when an alias's shared cache is built: what a view waiting for an alias listens to.
 */
export class CacheRegistryEvent extends Event {
  static readonly type = 'change'
  constructor(
    /** The alias that changed; `undefined` after `setConfig`. */
    readonly alias: string | undefined,
  ) {
    super(CacheRegistryEvent.type)
  }
}

/**
 * Named cache configurations, as aiocache's `caches`: `get` shares one instance per alias,
 * `create` builds a new one. The `default` alias is a memory cache until configured otherwise.
 *
 * @example
 * caches.setConfig({ default: {}, users: { url: 'indexeddb://app/users', ttl: 60_000 } })
 * const users = caches.get('users')
 * caches.addEventListener('change', (event) => console.log(event.alias)) // aliases added, caches built
 */
export class CacheRegistry extends EventTarget {
  #configs = new Map<string, CacheConfig>([['default', {}]])
  readonly #instances = new Map<string, Cache>()

  /** Listens for `'change'` events, typed as {@link CacheRegistryEvent}. */
  override addEventListener(
    type: 'change',
    listener: (event: CacheRegistryEvent) => void,
    options?: boolean | AddEventListenerOptions,
  ): void
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void
  override addEventListener(type: string, listener: unknown, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options)
  }

  override removeEventListener(
    type: 'change',
    listener: (event: CacheRegistryEvent) => void,
    options?: boolean | EventListenerOptions,
  ): void
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void
  override removeEventListener(type: string, listener: unknown, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options)
  }

  /**
   * Replaces every configuration. The shared caches `get` built from the old ones are closed (their connections,
   * channels and listeners released); a backend instance the new configuration names again stays open.
   */
  setConfig(configs: Record<string, CacheConfig>): void {
    if (typeof configs !== 'object' || configs === null) throw new TypeError('configs must be an object of aliases')
    const next = new Map(
      Object.entries(configs).map(([alias, config]) => [alias, checked(config, `config of ${JSON.stringify(alias)}`)]),
    )
    for (const config of next.values()) hold(config)
    const [old, built] = [this.#configs, [...this.#instances.values()]]
    this.#configs = next
    this.#instances.clear()
    retire(built, [...old.values()])
    this.dispatchEvent(new CacheRegistryEvent(undefined))
  }

  /** A copy of every configuration, by alias: changing it changes nothing here (backends are shared, not copied). */
  getConfig(): Record<string, CacheConfig> {
    return Object.fromEntries([...this.#configs].map(([alias, config]) => [alias, checked(config, alias)]))
  }

  /** Adds or replaces one alias's configuration; the shared cache built from the one it replaces is closed. */
  add(alias: string, config: CacheConfig): void {
    if (typeof alias !== 'string' || alias === '')
      throw new TypeError(`alias must be a non-empty string, got ${String(alias)}`)
    const next = checked(config, `config of ${JSON.stringify(alias)}`)
    hold(next)
    const [old, built] = [this.#configs.get(alias), this.#instances.get(alias)]
    this.#configs.set(alias, next)
    this.#instances.delete(alias)
    retire(built ? [built] : [], old ? [old] : [])
    this.dispatchEvent(new CacheRegistryEvent(alias))
  }

  /** The configured aliases. */
  aliases(): string[] {
    return [...this.#configs.keys()]
  }

  /** Whether `alias` is configured. */
  has(alias: string): boolean {
    return this.#configs.has(alias)
  }

  /** The one shared cache of `alias`, built on first use. */
  get<V = unknown>(alias = 'default'): Cache<V> {
    let cache = this.#instances.get(alias)
    if (!cache) {
      this.#instances.set(alias, (cache = build(this.#configOf(alias))))
      this.dispatchEvent(new CacheRegistryEvent(alias))
    }
    return cache as Cache<V>
  }

  /** The shared caches `get` has built so far, by alias. */
  instances(): [alias: string, cache: Cache][] {
    return [...this.#instances]
  }

  /** A new cache from `alias`'s configuration, with `overrides` applied. */
  create<V = unknown>(alias = 'default', overrides: CacheConfig = {}): Cache<V> {
    const base = this.#configOf(alias)
    const changes = checked(overrides, 'overrides')
    // An override's url or backend replaces the alias's store rather than clashing with it.
    const store =
      changes.url !== undefined || changes.backend !== undefined ? { url: undefined, backend: undefined } : {}
    return build({ ...base, ...store, ...changes }) as Cache<V>
  }

  #configOf(alias: string): CacheConfig {
    const config = this.#configs.get(alias)
    if (!config) {
      throw new RangeError(
        `alias ${JSON.stringify(alias)} is not configured; known: ${this.aliases().join(', ') || 'none'}`,
      )
    }
    return config
  }
}

/** The process-wide (page-wide) cache registry. */
export const caches = new CacheRegistry()
