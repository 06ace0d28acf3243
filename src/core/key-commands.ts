// The commands on one key beyond `get` and `set` (add, exists, delete, increment, expire, ttl): each checks its
// arguments, builds the stored key and runs its backend call through the cache's runner.
import type { Backend } from '../backends/backend.js'
import type { Serializer } from '../serializers/serializer.js'
import { KeyExistsError } from './errors.js'
import { COMMANDS } from './hooks.js'
import type { CommandRunner } from './runner.js'
import { dumpWith } from './serialize.js'
import type { CommandOptions, CounterOptions, WriteOptions } from './types.js'
import { assertDelta, assertKey, assertValue, attempt, ttlOf } from './validate.js'

/** What of a cache its per-key commands use. */
export interface KeyedCache {
  readonly backend: Backend
  readonly namespace: string | undefined
  readonly serializer: Serializer
  readonly defaultTtl: number | undefined
  buildKey(key: string, namespace?: string): string
}

/** The TTL of a write: the call's `ttl`, checked, else the cache's default. */
export function writeTtl(cache: KeyedCache, options: WriteOptions): number | undefined {
  return options.ttl === undefined ? cache.defaultTtl : ttlOf(options.ttl, 'options.ttl')
}

/** `cache.add(key, value)`: stores `value` only if `key` is absent, else rejects with a `KeyExistsError`. */
export function add(
  cache: KeyedCache,
  runner: CommandRunner,
  key: string,
  value: unknown,
  options: WriteOptions,
): Promise<true> {
  return attempt('add', options, () => {
    assertKey(key)
    assertValue(value)
    const ttl = writeTtl(cache, options)
    const full = cache.buildKey(key, options.namespace)
    const { backend } = cache
    return runner.run({ cache, command: 'add' as const, key, value, options }, COMMANDS.add, async () => {
      const stored = dumpWith(options.dumps ?? cache.serializer.dumps, value, full, 'add', backend.name)
      if (!(await backend.add(full, stored, ttl))) throw new KeyExistsError(full, { backend: backend.name })
      return true as const
    })
  })
}

/** `cache.exists(key)`: whether `key` holds a live entry. */
export function exists(cache: KeyedCache, runner: CommandRunner, key: string, options: CommandOptions) {
  return attempt('exists', options, () => {
    assertKey(key)
    const full = cache.buildKey(key, options.namespace)
    return runner.run({ cache, command: 'exists' as const, key, options }, COMMANDS.exists, () =>
      cache.backend.exists(full),
    )
  })
}

/** `cache.delete(key)`: removes `key`; 1 if it existed, else 0. */
export function remove(cache: KeyedCache, runner: CommandRunner, key: string, options: CommandOptions) {
  return attempt('delete', options, () => {
    assertKey(key)
    const full = cache.buildKey(key, options.namespace)
    return runner.run({ cache, command: 'delete' as const, key, options }, COMMANDS.delete, () =>
      cache.backend.delete(full),
    )
  })
}

/** `cache.increment(key, delta)`: adds `delta` to the integer at `key` atomically; the new value. */
export function increment(
  cache: KeyedCache,
  runner: CommandRunner,
  key: string,
  delta: number,
  options: CounterOptions,
): Promise<number> {
  return attempt('increment', options, () => {
    assertKey(key)
    assertDelta(delta)
    const full = cache.buildKey(key, options.namespace)
    const { serializer } = cache
    const codec = { dumps: options.dumps ?? serializer.dumps, loads: options.loads ?? serializer.loads }
    const ctx = { cache, command: 'increment' as const, key, delta, options }
    return runner.run(ctx, COMMANDS.increment, () => cache.backend.increment(full, delta, codec))
  })
}

/** `cache.expire(key, ttl)`: a new TTL for `key`; `false` when there is no such key. */
export function expire(
  cache: KeyedCache,
  runner: CommandRunner,
  key: string,
  ttl: number,
  options: CommandOptions,
): Promise<boolean> {
  return attempt('expire', options, () => {
    assertKey(key)
    const ms = ttlOf(ttl, 'ttl')
    const full = cache.buildKey(key, options.namespace)
    return runner.run({ cache, command: 'expire' as const, key, ttl: ms, options }, COMMANDS.expire, () =>
      cache.backend.expire(full, ms),
    )
  })
}

/** `cache.ttl(key)`: the ms `key` has left (`Infinity`: no expiry; `undefined`: missing). Runs no hooks. */
export function ttlLeft(
  cache: KeyedCache,
  runner: CommandRunner,
  key: string,
  options: CommandOptions,
): Promise<number | undefined> {
  return attempt('ttl', options, () => {
    assertKey(key)
    const full = cache.buildKey(key, options.namespace)
    return runner.run({ cache, command: 'ttl' as const, options }, undefined, () => cache.backend.ttl(full))
  })
}
