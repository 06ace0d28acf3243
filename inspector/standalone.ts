// One file for pages without a bundler: pycached, the inspector and Lit together, so the page and the inspector
// share one copy of the library (one `caches` registry, one set of plugin classes). MessagePack is left out to
// keep it small; bundle `pycached` itself to use MsgPackSerializer.
export {
  Cache,
  caches,
  MemoryBackend,
  IndexedDBBackend,
  NullSerializer,
  StringSerializer,
  JsonSerializer,
  BasePlugin,
  TimingPlugin,
  HitMissRatioPlugin,
  CommandEventsPlugin,
  BridgePlugin,
  InspectorControlPlugin,
  cached,
  multiCached,
  cachedStampede,
  RedLock,
  OptimisticLock,
  CacheError,
  KeyExistsError,
  CacheTimeoutError,
  SerializationError,
  BackendError,
  OptimisticLockError,
  LockError,
} from '../src/index.js'
export * from './index.js'
