import type { Backend } from '../backends/backend.js'
import { DeferredBackend } from '../backends/deferred.js'
import { MemoryBackend } from '../backends/memory.js'
import type { CacheOptions } from './types.js'
import { assertKnownOptions } from './validate.js'

/** Builds a backend from a parsed cache URL; its query parameters are passed too. */
export type BackendFactory = (url: URL) => Backend

/** What `registerBackendScheme` takes besides the factory. */
export interface BackendSchemeOptions {
  /** The query parameters the factory reads; any other one (beyond the cache's own) is a `TypeError`. @default [] */
  params?: readonly string[] | undefined
}

interface Scheme {
  factory: BackendFactory
  params: readonly string[]
}

/** The parameters every cache URL takes: the cache's own options. */
const CACHE_PARAMS = ['namespace', 'ttl', 'timeout']

/** The bounds of `IndexedDBBackend` an `indexeddb://` URL takes as parameters. */
const INDEXEDDB_LIMITS = ['maxEntries', 'maxBytes', 'accessInterval']

const schemes = new Map<string, Scheme>([
  [
    'memory',
    {
      factory: (url) => {
        if (url.host !== '' || !['', '/'].includes(url.pathname))
          throw new TypeError(`url must be memory:// with parameters only, got ${JSON.stringify(url.href)}`)
        return new MemoryBackend({
          maxSize: numberParam(url, 'maxSize'),
          sweepInterval: numberParam(url, 'sweepInterval'),
        })
      },
      params: ['maxSize', 'sweepInterval'],
    },
  ],
  // Loaded on first use, so only apps that open IndexedDB through a URL ship that code for it.
  [
    'indexeddb',
    {
      factory: (url) => {
        const options = {
          ...indexedDBNames(url),
          sweepInterval: numberParam(url, 'sweepInterval'),
          ...Object.fromEntries(INDEXEDDB_LIMITS.map((name) => [name, limitParam(url, name)])),
        }
        const memory = memoryTier(url)
        return new DeferredBackend(memory ? 'memory+indexeddb' : 'indexeddb', async () =>
          (await import('../backends/indexeddb/open.js')).openIndexedDB(options, memory),
        )
      },
      params: ['sweepInterval', ...INDEXEDDB_LIMITS, 'memory'],
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
 * `options.params` names the query parameters the factory reads; any other one is a `TypeError`.
 *
 * @example
 * registerBackendScheme('mine', (url) => new MyBackend(url.hostname, url.searchParams.get('size')), { params: ['size'] })
 */
export function registerBackendScheme(
  scheme: string,
  factory: BackendFactory,
  options: BackendSchemeOptions = {},
): void {
  assertKnownOptions(options, ['params'], 'registerBackendScheme options')
  schemes.set(scheme.replace(/:$/, ''), { factory, params: options.params ?? [] })
}

/**
 * The memory tier `?memory=N` asks for in front of a shared store (`N`: its maxSize), or `undefined`.
 * Not a positive integer (or `Infinity`): a `RangeError`.
 */
export function memoryTier(url: URL): MemoryBackend | undefined {
  const maxSize = numberParam(url, 'memory')
  if (maxSize === undefined) return undefined
  if (!(maxSize === Infinity || (Number.isInteger(maxSize) && maxSize > 0)))
    throw new RangeError(`url parameter memory (the memory tier's maxSize) must be a positive integer, got ${maxSize}`)
  return new MemoryBackend({ maxSize })
}

/** A number parameter that must be a positive integer or `Infinity` (checked now, not at the first command). */
function limitParam(url: URL, name: string): number | undefined {
  const value = numberParam(url, name)
  if (value !== undefined && value !== Infinity && !(Number.isSafeInteger(value) && value > 0))
    throw new RangeError(`url parameter ${name} must be a positive integer or Infinity, got ${value}`)
  return value
}

/** Reads a `true`/`false` query parameter; anything else is a `TypeError`. */
export function booleanParam(url: URL, name: string): boolean | undefined {
  const text = url.searchParams.get(name)
  if (text === null) return undefined
  if (text !== 'true' && text !== 'false')
    throw new TypeError(`url parameter ${name} must be true or false, got ${JSON.stringify(text)}`)
  return text === 'true'
}

function assertKnownParams(url: URL, scheme: string, params: readonly string[]): void {
  const known = [...CACHE_PARAMS, ...params]
  for (const name of url.searchParams.keys()) {
    if (!known.includes(name))
      throw new TypeError(
        `url has an unknown parameter ${JSON.stringify(name)}; known for ${scheme}://: ${known.join(', ')}`,
      )
    if (url.searchParams.getAll(name).length > 1) throw new TypeError(`url gives the parameter ${name} more than once`)
  }
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
 * `indexeddb://dbName/storeName?namespace=x&maxEntries=10000` (also `maxBytes`, `accessInterval`, `sweepInterval`),
 * `redis://host:port/db?namespace=x` (after importing `pycached/redis`);
 * `?memory=1000` on `indexeddb://` and `redis://` puts a memory tier of 1,000 entries in front (a `TieredBackend`).
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
  const known = schemes.get(scheme)
  if (!known) {
    const hint = scheme.startsWith('redis') ? ` (import 'pycached/redis' first; Node only)` : ''
    throw new TypeError(
      `url has an unknown scheme ${JSON.stringify(scheme)}${hint}; known: ${[...schemes.keys()].join(', ')}`,
    )
  }
  assertKnownParams(parsed, scheme, known.params)
  const options: CacheOptions = { backend: known.factory(parsed) }
  const namespace = parsed.searchParams.get('namespace')
  if (namespace !== null) options.namespace = namespace
  const ttl = numberParam(parsed, 'ttl')
  if (ttl !== undefined) options.ttl = ttl
  const timeout = numberParam(parsed, 'timeout')
  if (timeout !== undefined) options.timeout = timeout
  return options
}
