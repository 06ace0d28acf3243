// The system under test of one model run: a store, the caches on it, more connections to it, and its clock.
import { vi } from 'vitest'
import type { Backend } from '../../../src/backends/backend.js'
import { Cache } from '../../../src/core/cache.js'
import type { KeyBuilder } from '../../../src/core/types.js'
import type { Serializer } from '../../../src/serializers/serializer.js'
import { StringSerializer } from '../../../src/serializers/string.js'
import { CACHE_NAMESPACES, CONTROLLED_TIME, REAL_TIME, type Scope } from './arbitraries.js'
import { CacheModel } from './model.js'

/** Handles on one fresh store: `backends[0]` is the one the run's caches use, the others are more connections. */
export interface Store {
  /** Backends on the one store (one instance shared for memory; separate connections or contexts elsewhere). */
  backends: Backend[]
  /** Resolves once every connection has heard what the others wrote (tiers announce writes); none by default. */
  settle?(): Promise<void>
  /** Releases what `settle` used. */
  close?(): void
}

/** One backend configuration the model runs against. */
export interface Target {
  /** Shown in the test name and in the replay command. */
  name: string
  /** The Vitest project it runs in, for the replay command. */
  project: 'unit' | 'redis' | 'browser'
  /** `controlled`: expiry is computed from `Date.now()` in this process, which the test moves. */
  clock: 'controlled' | 'real'
  /** The caches' serializer; the backend's default without one. */
  serializer?: Serializer
  /** The memory backend's `maxSize`, which the model must know. */
  maxSize?: number
  /** A value this serializer and store refuse with a `SerializationError` (none: they store anything). */
  unstorable?: unknown
  /** Pages come from Redis' SCAN: `limit` is a hint, and an entry may be listed twice. */
  scan?: boolean
  /** How many connections a race may spread over (at least 1). */
  connections: number
  /** Runs in `npm test` (a fixed seed); `npm run fuzz` chooses its own. */
  runs: number
  /** Opens handles on a fresh store (the run clears it). */
  open(connections: number): Promise<Store>
}

/** The clock a run's expiries follow. */
export interface ModelClock {
  now(): number
  /** Lets `ms` pass: moves a controlled clock, or waits on the real one. */
  pass(ms: number): Promise<void>
}

const controlledClock: ModelClock = {
  now: () => Date.now(),
  pass: async (ms) => void vi.setSystemTime(Date.now() + ms),
}

const realClock: ModelClock = {
  now: () => Date.now(),
  pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

/** The real side of a run: on each connection, the four caches of {@link CACHE_NAMESPACES}. */
export class World {
  readonly target: Target
  readonly clock: ModelClock
  /** The caches of each connection: `caches[connection][scope.cache]`. */
  readonly caches: readonly (readonly Cache[])[]
  /** The cache without namespace of each connection, which races use. */
  readonly connections: readonly Cache[]
  /** How the caches build stored keys: `{namespace}:key` on a Redis Cluster with `hashTag`, else the default. */
  readonly keyBuilder: KeyBuilder
  readonly #store: Store
  #current = 0

  constructor(target: Target, store: Store) {
    this.target = target
    this.#store = store
    this.clock = target.clock === 'controlled' ? controlledClock : realClock
    const { serializer } = target
    const defaultTtl = timing(target).defaultTtl
    this.caches = store.backends.map((backend) =>
      CACHE_NAMESPACES.map(
        (namespace, i) =>
          new Cache({ backend, namespace, ...(serializer && { serializer }), ...(i === 3 && { ttl: defaultTtl }) }),
      ),
    )
    this.connections = this.caches.map((caches) => caches[0]!)
    this.keyBuilder = this.connections[0]!.keyBuilder
  }

  /**
   * The cache a scope runs on. Moving to another connection first waits until every connection heard the writes
   * so far: a context may serve a copy older than a write elsewhere only for the moment the notice takes.
   */
  async cacheOf(scope: Scope): Promise<Cache> {
    const connection = scope.connection % this.caches.length
    if (connection !== this.#current) await this.settle()
    this.#current = connection
    return this.caches[connection]![scope.cache]!
  }

  /** Resolves once every connection heard the others' writes. */
  async settle(): Promise<void> {
    await this.#store.settle?.()
  }

  /** Clears the whole store through every connection (so tiers forget too). */
  async clear(): Promise<void> {
    for (const cache of this.connections) await cache.clear()
  }

  async close(): Promise<void> {
    for (const cache of this.connections) await cache.clear().catch(() => {})
    for (const cache of this.connections) await cache.close()
    this.#store.close?.()
  }
}

/** TTLs, waits and the default TTL of a target's clock. */
export function timing(target: Target): typeof CONTROLLED_TIME {
  return target.clock === 'controlled' ? CONTROLLED_TIME : REAL_TIME
}

/** The model a run of `target` starts from: an empty store with the target's rules. */
export function modelOf(target: Target): CacheModel {
  const strings = target.serializer === StringSerializer
  return new CacheModel({
    ...(target.maxSize !== undefined && { maxSize: target.maxSize }),
    // A server's clock and ours read the same system time, to the ms; one more for rounding on each side.
    margin: target.clock === 'controlled' ? 0 : 15,
    stored: strings ? (value) => String(value) : (value) => value,
    defaultTtl: timing(target).defaultTtl,
  })
}

/** The full key of `key` in `scope`, as the run's caches build it (the backend's own way, or the default). */
export function fullKey(world: World, scope: Scope, key: string): string {
  return world.keyBuilder(key, namespaceOf(scope) || undefined)
}

/** The key prefix of a scope's namespace (`''`: the whole store). */
export function prefixOf(world: World, scope: Scope): string {
  const namespace = namespaceOf(scope)
  return namespace ? world.keyBuilder('', namespace) : ''
}

function namespaceOf(scope: Scope): string | undefined {
  return scope.namespace ?? CACHE_NAMESPACES[scope.cache]
}

/** The per-call options of a scope: its namespace override, if any. */
export function callOptions(scope: Scope): { namespace?: string } {
  return scope.namespace === undefined ? {} : { namespace: scope.namespace }
}
