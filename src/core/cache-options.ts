// What `new Cache(options)` makes of its options: each checked (a `TypeError` or `RangeError` naming the first
// bad one), with the defaults filled in.
import type { Backend } from '../backends/backend.js'
import { MemoryBackend } from '../backends/memory.js'
import type { Plugin } from '../plugins/base.js'
import { NullSerializer } from '../serializers/null.js'
import type { Serializer } from '../serializers/serializer.js'
import { assertBackend, assertPlugin, assertSerializer, describe } from './instances.js'
import type { CacheOptions, KeyBuilder } from './types.js'
import { assertKnownOptions, assertNamespace, timeoutOf, ttlOf } from './validate.js'

/** The options `new Cache(...)` knows. */
export const CACHE_OPTIONS = ['backend', 'namespace', 'serializer', 'plugins', 'keyBuilder', 'ttl', 'timeout'] as const

/** The default key: `${namespace}:${key}`, or just `key` without a namespace. */
export const defaultKeyBuilder: KeyBuilder = (key, namespace) => (namespace ? `${namespace}:${key}` : key)

/** A cache's settings, once its options are checked and its defaults applied. */
export interface CacheSettings {
  backend: Backend
  namespace: string | undefined
  serializer: Serializer
  plugins: Plugin[]
  keyBuilder: KeyBuilder
  defaultTtl: number | undefined
  timeout: number
}

/** Checks `options` of `new Cache(options)` and fills in the defaults. */
export function settingsOf(options: CacheOptions): CacheSettings {
  assertKnownOptions(options, CACHE_OPTIONS, 'Cache options')
  const { backend, namespace, serializer, plugins = [], keyBuilder, ttl, timeout = 5000 } = options
  assertNamespace(namespace)
  if (!Array.isArray(plugins)) throw new TypeError(`plugins must be an array, got ${describe(plugins)}`)
  plugins.forEach((plugin: unknown, i) => assertPlugin(plugin, `plugins[${i}]`))
  if (backend !== undefined) assertBackend(backend)
  if (serializer !== undefined) assertSerializer(serializer)
  if (keyBuilder !== undefined && typeof keyBuilder !== 'function')
    throw new TypeError(`keyBuilder must be a function, got ${describe(keyBuilder)}`)
  const store: Backend = backend ?? new MemoryBackend()
  const own = store.keyBuilder
  if (own && keyBuilder) throw new TypeError(`keyBuilder: this ${store.name} backend builds its own keys`)
  return {
    backend: store,
    namespace: namespace || undefined,
    serializer: serializer ?? store.defaultSerializer ?? NullSerializer,
    plugins,
    keyBuilder: keyBuilder ?? own ?? defaultKeyBuilder,
    defaultTtl: ttl === undefined ? undefined : ttlOf(ttl, 'ttl'),
    timeout: timeoutOf(timeout, 'timeout'),
  }
}
