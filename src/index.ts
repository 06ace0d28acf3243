/**
 * The `pycached` entry: `Cache`, its backends, serializers, plugins, function caching and locks, for the browser
 * and Node.
 *
 * @module pycached
 */
export { Cache, defaultKeyBuilder } from './core/cache.js'
export { caches, CacheRegistry, CacheRegistryEvent } from './core/registry.js'
export type { CacheConfig } from './core/registry.js'
export { registerBackendScheme } from './core/url.js'
export type { BackendFactory, BackendSchemeOptions } from './core/url.js'
export {
  CacheError,
  KeyExistsError,
  CacheTimeoutError,
  SerializationError,
  BackendError,
  OptimisticLockError,
  LockError,
} from './core/errors.js'
export type {
  CacheOptions,
  CommandOptions,
  ReadOptions,
  WriteOptions,
  KeyBuilder,
  HookedCommand,
  CommandName,
  HitMissRatio,
  Profiling,
  CacheEntrySnapshot,
  PageOptions,
  SnapshotPage,
} from './core/types.js'
export { HOOKED_COMMANDS } from './core/types.js'
export { MAX_TTL, MAX_TIMEOUT } from './core/validate.js'

export { CacheErrorEvent, StaleEvent, RefreshEvent, LockWaitEvent } from './core/events.js'
export { ChangeStream } from './core/change-stream.js'
export { CachedValueController } from './bindings/lit.js'
export type { ControllerHost } from './bindings/lit.js'
export type { CachedValueState } from './bindings/cached-value.js'
export type { CacheChange, WatchListener, WatchOptions, WatchTarget } from './core/watch.js'
export type { ChangeOrigin } from './core/change-feed.js'
export { clockResolution } from './core/clock.js'

export { cached } from './decorators/cached.js'
export type { CachedFunction, CachedMethod, CachedOptions } from './decorators/cached.js'
export type { CallOptions } from './decorators/call-cache.js'
export { multiCached } from './decorators/multi-cached.js'
export type { MultiCachedFunction, MultiCachedOptions } from './decorators/multi-cached.js'
export type { FreshEntry } from './decorators/freshness.js'
export { cachedStampede } from './decorators/cached-stampede.js'
export type { CachedStampedeOptions } from './decorators/cached-stampede.js'
export { RedLock } from './locks/red-lock.js'
export type { RedLockOptions } from './locks/red-lock.js'
export { OptimisticLock } from './locks/optimistic-lock.js'

export { MemoryBackend } from './backends/memory.js'
export type { MemoryBackendOptions } from './backends/memory.js'
export {
  IndexedDBBackend,
  InvalidRecordEvent,
  EvictEvent,
  EvictedEvent,
  FallbackEvent,
} from './backends/indexeddb/index.js'
export type { IndexedDBBackendOptions } from './backends/indexeddb/index.js'
export { TieredBackend, TierErrorEvent } from './backends/tiered/index.js'
export type { TieredBackendOptions } from './backends/tiered/index.js'
export type {
  Backend,
  BackendChannel,
  ChangeListener,
  ChannelHandlers,
  Codec,
  ScanPage,
  StoredEntry,
  TierReport,
  TierReports,
} from './backends/backend.js'

export { NullSerializer, StringSerializer, JsonSerializer, MsgPackSerializer } from './serializers/index.js'
export type { Serializer } from './serializers/index.js'

export * from './plugins/index.js'
