// Memory over Redis: the contract, coherence between two clients and with a second process (over pub/sub),
// the races with a slow Redis tier, and faults: Redis down, the subscriber connection dropped, junk on the channel.
// Runs on database 1 of the test server, so its FLUSHDBs never meet the other Redis tests' keys.
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest'
import { createClient } from 'redis'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { BackendError, CacheTimeoutError, OptimisticLockError } from '../../src/core/errors.js'
import { cached } from '../../src/decorators/cached.js'
import { cachedStampede } from '../../src/decorators/cached-stampede.js'
import { OptimisticLock } from '../../src/locks/optimistic-lock.js'
import { RedLock } from '../../src/locks/red-lock.js'
import '../../src/redis.js'
import { startRedis } from '../../scripts/redis-server.mjs'
import { runBackendContract } from '../backends/contract.js'
import { SlowBackend } from '../backends/slow-backend.js'
import { type Child, expectWritesDropCopies, startChild } from './child-process.js'

// Generous: on a loaded machine, messages and other processes can take seconds.
const EVENTUALLY = { timeout: 10_000, interval: 20 }
vi.setConfig({ testTimeout: 30_000 })

const url = `${inject('redisUrl')}/1`
const CHANNEL = 'pycached:tiers:1'
const opened: Cache[] = []
const publisher = createClient({ url })
await publisher.connect()

/** One client: a memory tier over its own Redis connection (made slow on demand), listening once it says so. */
async function client(namespace = 'ns', redisUrl = url) {
  const slow = new SlowBackend(new RedisBackend({ url: redisUrl }))
  const backend = new TieredBackend([new MemoryBackend(), slow])
  const cache = new Cache({ backend, namespace, timeout: 2000 })
  opened.push(cache)
  await vi.waitFor(() => expect(backend.listening).toBe(true), EVENTUALLY)
  return { backend, slow, memory: backend.tiers[0] as MemoryBackend, cache }
}

/** What a memory tier holds for `key`, loaded (the tiers hold JSON, the serializer of a cache on Redis). */
async function copyOf(memory: MemoryBackend, key: string): Promise<unknown> {
  const raw = await memory.get(key)
  return raw === undefined ? undefined : JSON.parse(raw as string)
}

let markers = 0
/**
 * Resolves once `backend` has heard every notice published so far: notices arrive in order on its subscriber
 * connection, so once a marker published now is counted (as a foreign message), all earlier ones were heard.
 */
async function heardAll(...backends: TieredBackend[]): Promise<void> {
  const before = backends.map((backend) => backend.ignoredMessages)
  await publisher.publish(CHANNEL, `marker ${++markers}`)
  await vi.waitFor(() =>
    expect(backends.map((backend, i) => backend.ignoredMessages - before[i]!)).toEqual(backends.map(() => 1)),
  )
}

/** Resolves once each of `backends` has heard another client, so that all their writes are announced. */
async function met(...backends: TieredBackend[]): Promise<void> {
  await vi.waitFor(() => expect(backends.map((backend) => backend.peers)).toEqual(backends.map(() => true)), EVENTUALLY)
  await heardAll(...backends)
}

afterEach(async () => {
  for (const cache of opened.splice(0)) await cache.close()
})

afterAll(async () => {
  await publisher.close()
})

runBackendContract('tiered memory+redis', () => new TieredBackend([new MemoryBackend(), new RedisBackend({ url })]))

describe('TieredBackend on Redis, between clients', () => {
  it('a write through one client drops that key from the memory tier of the other', async () => {
    const a = await client()
    const b = await client()
    await met(a.backend, b.backend)
    await a.cache.set('k', 1)
    await heardAll(b.backend)
    expect(await b.cache.get('k')).toBe(1)
    expect(await copyOf(b.memory, 'ns:k')).toBe(1)
    await a.cache.set('k', { changed: true })
    await heardAll(b.backend)
    expect(await b.memory.get('ns:k')).toBeUndefined()
    expect(await b.cache.get('k')).toEqual({ changed: true })
  })

  it('a client skips its own notices, which Redis delivers back to it', async () => {
    const a = await client()
    const b = await client()
    await met(a.backend, b.backend) // a announces its writes, so Redis sends them back to it too
    await a.cache.set('k', 'mine')
    await heardAll(a.backend)
    expect(await copyOf(a.memory, 'ns:k')).toBe('mine')
  })

  it('a notice that arrives while a Redis read is in flight wins over that read', async () => {
    const a = await client()
    const b = await client()
    await met(a.backend, b.backend)
    await a.cache.set('k', 'old')
    await heardAll(b.backend)
    const release = b.slow.hold()
    const reading = b.cache.get('k') // reads 'old' from Redis, then waits
    await vi.waitFor(() => expect(b.slow.waiting).toBe(1), EVENTUALLY)
    await a.cache.set('k', 'new')
    await heardAll(b.backend)
    release()
    expect(await reading).toBe('old') // it began before the write: either answer is right for it
    expect(await b.memory.get('ns:k')).toBeUndefined() // but it did not copy the old value up
    expect(await b.cache.get('k')).toBe('new')
  })

  it('two clients writing one key back to back converge on the value Redis holds', async () => {
    const a = await client()
    const b = await client()
    await met(a.backend, b.backend)
    for (let round = 0; round < 30; round++) {
      await Promise.all([a.cache.get('k'), b.cache.get('k')])
      await Promise.all([a.cache.set('k', `a${round}`), b.cache.set('k', `b${round}`)])
      const stored = JSON.parse((await publisher.get('ns:k'))!) as string
      await heardAll(a.backend, b.backend)
      expect([await a.cache.get('k'), await b.cache.get('k')]).toEqual([stored, stored])
    }
  })

  it('ignores and counts junk published on its channel', async () => {
    const b = await client()
    await b.cache.set('k', 1)
    const junk = ['{', 'null', '42', JSON.stringify({ pycached: 'tiers', v: 1, from: 'x', keys: 'ns:k' }), 'text']
    for (const message of junk) await publisher.publish(CHANNEL, message)
    await vi.waitFor(() => expect(b.backend.ignoredMessages).toBe(junk.length), EVENTUALLY)
    expect(await copyOf(b.memory, 'ns:k')).toBe(1)
  })
})

describe('locks and function caching on tiers, between two clients', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  it('RedLock admits one holder at a time across clients', async () => {
    const a = await client('locks')
    const b = await client('locks')
    await met(a.backend, b.backend)
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        RedLock.run(
          (i % 2 ? a : b).cache,
          'job',
          async () => {
            most = Math.max(most, ++inside)
            await sleep(5)
            inside--
          },
          { lease: 2000 },
        ),
      ),
    )
    expect(most).toBe(1)
    expect(await b.cache.exists('job-lock')).toBe(false)
  })

  it('OptimisticLock sees a write by another client as a conflict, and a retry reads it', async () => {
    const a = await client('opt')
    const b = await client('opt')
    await met(a.backend, b.backend)
    await a.cache.set('cart', ['apple'])
    await heardAll(b.backend)
    expect(await b.cache.get('cart')).toEqual(['apple']) // b holds a copy
    const lock = await OptimisticLock.begin<string[]>(b.cache, 'cart')
    await a.cache.set('cart', ['apple', 'kiwi'])
    await expect(lock.cas([...lock.value!, 'pear'])).rejects.toBeInstanceOf(OptimisticLockError)
    const retry = await OptimisticLock.begin<string[]>(b.cache, 'cart')
    await retry.cas([...retry.value!, 'pear'])
    await heardAll(a.backend)
    expect(await a.cache.get('cart')).toEqual(['apple', 'kiwi', 'pear'])
  })

  it('cachedStampede computes once across clients; cached results are dropped everywhere on invalidate', async () => {
    const a = await client('fn')
    const b = await client('fn')
    await met(a.backend, b.backend)
    let runs = 0
    const build = async (id: string) => {
      runs++
      await sleep(50)
      return `report-${id}-${runs}`
    }
    const onA = cachedStampede(build, { cache: a.cache, name: 'build', lease: 2000 })
    const onB = cachedStampede(build, { cache: b.cache, name: 'build', lease: 2000 })
    expect(await Promise.all([onA('q'), onB('q'), onA('q'), onB('q')])).toEqual(Array(4).fill('report-q-1'))
    expect(runs).toBe(1)
    const viaA = cached(build, { cache: a.cache, name: 'build' })
    const viaB = cached(build, { cache: b.cache, name: 'build' })
    expect(await viaA('r')).toBe('report-r-2')
    await heardAll(b.backend)
    expect(await viaB('r')).toBe('report-r-2') // from Redis, then from b's memory tier
    await viaA.invalidate('r')
    await heardAll(b.backend)
    expect(await viaB('r')).toBe('report-r-3')
  })
})

describe('Cache.fromUrl with ?memory=N on Redis', () => {
  it('puts a memory tier of N entries in front of Redis, announcing writes', async () => {
    const cache = Cache.fromUrl(`${url}?memory=100&namespace=u`)
    opened.push(cache)
    const backend = cache.backend as TieredBackend
    expect(backend).toBeInstanceOf(TieredBackend)
    expect(backend.name).toBe('memory+redis')
    expect((backend.tiers[1] as RedisBackend).url).toBe(url)
    await vi.waitFor(() => expect(backend.listening).toBe(true), EVENTUALLY)
    const other = await client('u')
    await met(backend, other.backend)
    await cache.set('k', 'v')
    await heardAll(other.backend)
    expect(await other.cache.get('k')).toBe('v')
    await cache.set('k', 'w')
    await heardAll(other.backend)
    expect(await other.cache.get('k')).toBe('w')
  })

  it('refuses a memory tier that is not a positive integer', () => {
    expect(() => Cache.fromUrl(`${url}?memory=-1`)).toThrow(RangeError)
  })
})

describe('TieredBackend on Redis, with a second process', () => {
  let child: Child | undefined
  afterEach(async () => {
    await child?.stop()
  })

  // Bundling the library and starting a second Node process takes seconds on a loaded machine.
  it('each process drops its copy when the other writes, within a moment', { timeout: 60_000 }, async () => {
    child = await startChild(url, 'proc')
    await expectWritesDropCopies(child, await client('proc'))
  })
})

describe('TieredBackend on Redis, faults', () => {
  it('a client whose subscriber connection drops forgets its memory tier and reads Redis until it is back', async () => {
    const b = await client()
    await b.cache.set('k', 'kept')
    expect(await copyOf(b.memory, 'ns:k')).toBe('kept')
    await publisher.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub'])
    await vi.waitFor(async () => expect(await b.memory.get('ns:k')).toBeUndefined(), EVENTUALLY)
    await vi.waitFor(() => expect(b.backend.listening).toBe(true), EVENTUALLY)
    expect(await b.cache.get('k')).toBe('kept')
  })

  it('Redis down fails the command with its BackendError and leaves the memory tier as it was', async () => {
    const server = await startRedis()
    try {
      const b = await client('ns', server.url)
      await b.cache.set('k', 'before')
      const gone = new Promise((resolve) => server.process.once('exit', resolve))
      server.process.kill('SIGKILL')
      await gone
      const error = await b.cache.set('k', 'after').catch((e: unknown) => e)
      expect(error instanceof BackendError || error instanceof CacheTimeoutError).toBe(true)
      // Nothing is cached above that the truth does not hold, and with the channel down nothing is served.
      await vi.waitFor(() => expect(b.backend.listening).toBe(false), EVENTUALLY)
      expect(await b.memory.get('ns:k')).toBeUndefined()
      await expect(b.cache.get('k')).rejects.toBeInstanceOf(BackendError)
    } finally {
      server.stop()
    }
  })
})
