import type { Backend } from '../backends/backend.js'
import type { Plugin } from '../plugins/base.js'
import { Cache } from './cache.js'
import type { CacheOptions } from './types.js'

/**
 * How the registry builds one alias's cache. `url` (as `Cache.fromUrl`) or `backend` chooses the store;
 * give `backend` and `plugins` as factories so every `create` gets fresh ones.
 */
export interface CacheConfig extends Omit<CacheOptions, 'backend' | 'plugins'> {
  /** A cache URL such as `memory://?maxSize=100` or `indexeddb://app/cache`. */
  url?: string
  /** The backend, or a function that makes one per cache. */
  backend?: Backend | (() => Backend)
  /** The plugins, or a function that makes them per cache. */
  plugins?: Plugin[] | (() => Plugin[])
}

function build(config: CacheConfig): Cache {
  const { url, backend, plugins, ...options } = config
  const resolvedPlugins = typeof plugins === 'function' ? plugins() : plugins ? [...plugins] : []
  const resolved = { ...options, plugins: resolvedPlugins }
  if (url !== undefined) return Cache.fromUrl(url, resolved)
  return new Cache({ ...resolved, backend: typeof backend === 'function' ? backend() : backend })
}

/**
 * Named cache configurations, as aiocache's `caches`: `get` shares one instance per alias,
 * `create` builds a new one. The `default` alias is a memory cache until configured otherwise.
 *
 * @example
 * caches.setConfig({ default: {}, users: { url: 'indexeddb://app/users', ttl: 60_000 } })
 * const users = caches.get('users')
 */
export class CacheRegistry {
  #configs = new Map<string, CacheConfig>([['default', {}]])
  readonly #instances = new Map<string, Cache>()

  /** Replaces every configuration; instances already handed out stay as they are but are no longer shared. */
  setConfig(configs: Record<string, CacheConfig>): void {
    if (typeof configs !== 'object' || configs === null) throw new TypeError('configs must be an object of aliases')
    this.#configs = new Map(Object.entries(configs))
    this.#instances.clear()
  }

  /** A copy of every configuration, by alias. */
  getConfig(): Record<string, CacheConfig> {
    return Object.fromEntries(this.#configs)
  }

  /** Adds or replaces one alias's configuration. */
  add(alias: string, config: CacheConfig): void {
    if (typeof alias !== 'string' || alias === '')
      throw new TypeError(`alias must be a non-empty string, got ${String(alias)}`)
    this.#configs.set(alias, config)
    this.#instances.delete(alias)
  }

  /** The configured aliases. */
  aliases(): string[] {
    return [...this.#configs.keys()]
  }

  /** The one shared cache of `alias`, built on first use. */
  get<V = unknown>(alias = 'default'): Cache<V> {
    let cache = this.#instances.get(alias)
    if (!cache) this.#instances.set(alias, (cache = build(this.#configOf(alias))))
    return cache as Cache<V>
  }

  /** A new cache from `alias`'s configuration, with `overrides` applied. */
  create<V = unknown>(alias = 'default', overrides: CacheConfig = {}): Cache<V> {
    return build({ ...this.#configOf(alias), ...overrides }) as Cache<V>
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
