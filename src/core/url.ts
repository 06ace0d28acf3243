import type { Backend } from '../backends/backend.js'
import { DeferredBackend } from '../backends/deferred.js'
import { MemoryBackend } from '../backends/memory.js'
import type { CacheOptions } from './types.js'

/** Builds a backend from a parsed cache URL; its query parameters are passed too. */
export type BackendFactory = (url: URL) => Backend

const schemes = new Map<string, BackendFactory>([
  ['memory', (url) => new MemoryBackend({ maxSize: numberParam(url, 'maxSize') })],
  // Loaded on first use, so only apps that open IndexedDB through a URL ship that code for it.
  [
    'indexeddb',
    (url) => {
      const names = indexedDBNames(url)
      return new DeferredBackend(
        'indexeddb',
        async () => new (await import('../backends/indexeddb.js')).IndexedDBBackend(names),
      )
    },
  ],
])

/** `indexeddb://dbName/storeName`: both parts optional (defaults `pycached` / `cache`). */
function indexedDBNames(url: URL): { dbName?: string; storeName?: string } {
  const dbName = decodeURIComponent(url.hostname)
  const storeName = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''))
  if (storeName.includes('/'))
    throw new TypeError(`url must be indexeddb://dbName/storeName, got ${JSON.stringify(url.href)}`)
  return { ...(dbName && { dbName }), ...(storeName && { storeName }) }
}

/**
 * Teaches `Cache.fromUrl` a new scheme. `pycached/redis` registers `redis` and `rediss` this way.
 *
 * @example
 * registerBackendScheme('mine', (url) => new MyBackend(url.hostname))
 */
export function registerBackendScheme(scheme: string, factory: BackendFactory): void {
  schemes.set(scheme.replace(/:$/, ''), factory)
}

function numberParam(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name)
  if (text === null) return undefined
  const value = Number(text)
  if (text.trim() === '' || Number.isNaN(value)) {
    throw new TypeError(`url parameter ${name} must be a number, got ${JSON.stringify(text)}`)
  }
  return value
}

/**
 * The `CacheOptions` a cache URL describes: `memory://?namespace=x&ttl=1000&timeout=500&maxSize=100`,
 * `indexeddb://dbName/storeName?namespace=x`, `redis://host:port/db?namespace=x` (after importing `pycached/redis`).
 */
export function optionsFromUrl(url: string | URL): CacheOptions {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (error) {
    throw new TypeError(`url must be a cache URL such as "memory://", got ${JSON.stringify(String(url))}`, {
      cause: error,
    })
  }
  const scheme = parsed.protocol.replace(/:$/, '')
  const factory = schemes.get(scheme)
  if (!factory) {
    const hint = scheme.startsWith('redis') ? ` (import 'pycached/redis' first; Node only)` : ''
    throw new TypeError(
      `url has an unknown scheme ${JSON.stringify(scheme)}${hint}; known: ${[...schemes.keys()].join(', ')}`,
    )
  }
  const options: CacheOptions = { backend: factory(parsed) }
  const namespace = parsed.searchParams.get('namespace')
  if (namespace !== null) options.namespace = namespace
  const ttl = numberParam(parsed, 'ttl')
  if (ttl !== undefined) options.ttl = ttl
  const timeout = numberParam(parsed, 'timeout')
  if (timeout !== undefined) options.timeout = timeout
  return options
}
