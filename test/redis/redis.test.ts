import { spawn } from 'node:child_process'
import { ErrorReply, createClient } from 'redis'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { Cache } from '../../src/core/cache.js'
import { BackendError, CacheTimeoutError, KeyExistsError, SerializationError } from '../../src/core/errors.js'
import { RedLock } from '../../src/locks/red-lock.js'
import '../../src/redis.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { NullSerializer } from '../../src/serializers/null.js'
import { runBackendContract } from '../backends/contract.js'
import { freePort, startRedis } from '../../scripts/redis-server.mjs'

const url = inject('redisUrl')
const opened: RedisBackend[] = []
function backend(options: ConstructorParameters<typeof RedisBackend>[0] = {}): RedisBackend {
  const made = new RedisBackend({ url, ...options })
  opened.push(made)
  return made
}

afterAll(async () => {
  for (const made of opened) await made.close()
})

runBackendContract('redis', () => backend())

describe('RedisBackend', () => {
  it('serializes with JSON by default, and MsgPack binary-safe on request', async () => {
    const cache = new Cache({ backend: backend(), namespace: 'ser' })
    await cache.set('obj', { a: [1, 'two'] })
    expect(await cache.raw('GET', 'ser:obj')).toBe('{"a":[1,"two"]}')
    expect(await cache.get('obj')).toEqual({ a: [1, 'two'] })
    const binary = new Cache({ backend: backend({ binary: true }), namespace: 'bin', serializer: MsgPackSerializer })
    const value = { bytes: new Uint8Array([0, 255, 10, 13]), when: new Date(1_700_000_000_000) }
    await binary.set('v', value)
    expect(await binary.get('v')).toEqual(value)
  })

  it('refuses values that are not strings or bytes, storing nothing', async () => {
    const cache = new Cache({ backend: backend(), namespace: 'raw', serializer: NullSerializer })
    await expect(cache.set('obj', { a: 1 })).rejects.toThrow(SerializationError)
    await expect(cache.set('obj', { a: 1 })).rejects.toThrow(/strings or bytes/)
    expect(await cache.exists('obj')).toBe(false)
  })

  it('clears a namespace by SCAN without touching keys that only look alike', async () => {
    const shared = backend()
    const a = new Cache({ backend: shared, namespace: 'a*' })
    const ab = new Cache({ backend: shared, namespace: 'ab' })
    await a.multiSet(Array.from({ length: 1200 }, (_, i) => [`k${i}`, i] as [string, number]))
    await ab.set('k', 'keep')
    await a.clear()
    expect(await a.keys()).toEqual([])
    expect(await ab.get('k')).toBe('keep')
  })

  it('builds from redis:// URLs with cache options in the query', async () => {
    const cache = Cache.fromUrl(`${url}/0?namespace=fromurl&ttl=60000`)
    opened.push(cache.backend as RedisBackend)
    expect(cache.backend).toBeInstanceOf(RedisBackend)
    await cache.set('k', 'v')
    expect(await cache.ttl('k')).toBeGreaterThan(50_000)
    expect(() => new RedisBackend({ url: 'http://nope' })).toThrow(/url must start with redis:\/\//)
  })

  it('raw passes commands through', async () => {
    const cache = new Cache({ backend: backend() })
    await cache.raw('HSET', 'h', 'field', 'value')
    expect(await cache.raw('HGET', 'h', 'field')).toBe('value')
  })

  it('two clients incrementing one key concurrently lose no update', async () => {
    const [first, second] = [new Cache({ backend: backend() }), new Cache({ backend: backend() })]
    await first.delete('counter')
    await Promise.all(
      [first, second].map((cache) => Promise.all(Array.from({ length: 500 }, () => cache.increment('counter')))),
    )
    expect(await first.get('counter')).toBe(1000)
  })

  it('two processes incrementing one key lose no update', async () => {
    const cache = new Cache({ backend: backend() })
    await cache.delete('procs')
    const script = `
      const { createClient } = require('redis')
      const client = createClient({ url: process.argv[1] })
      client.connect().then(async () => {
        await Promise.all(Array.from({ length: 300 }, () => client.incrBy('procs', 1)))
        await client.close()
      })`
    const run = () =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, ['-e', script, url], { stdio: 'ignore' }).on('exit', resolve),
      )
    const [, , codes] = await Promise.all([
      Promise.all(Array.from({ length: 300 }, () => cache.increment('procs'))),
      Promise.resolve(),
      Promise.all([run(), run()]),
    ])
    expect(codes).toEqual([0, 0])
    expect(await cache.get('procs')).toBe(900)
    // Starting two Node processes takes seconds on a loaded machine.
  }, 30_000)

  it('a lock held through one connection blocks another until released', async () => {
    const [first, second] = [
      new Cache({ backend: backend(), namespace: 'lk' }),
      new Cache({ backend: backend(), namespace: 'lk' }),
    ]
    const held = await RedLock.acquire(first, 'job', { lease: 5000 })
    await expect(RedLock.acquire(second, 'job', { lease: 5000, wait: 100 })).rejects.toThrow(/could not acquire/)
    await held.release()
    await (await RedLock.acquire(second, 'job', { lease: 5000, wait: 100 })).release()
  })

  it('add has exactly one winner among concurrent clients', async () => {
    const caches = Array.from({ length: 4 }, () => new Cache({ backend: backend(), namespace: 'race' }))
    await caches[0]!.delete('leader')
    const outcomes = await Promise.all(
      caches.map((cache, i) =>
        cache.add('leader', i).then(
          () => 'won',
          (e: unknown) => (e instanceof KeyExistsError ? 'lost' : String(e)),
        ),
      ),
    )
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1)
  })
})

describe('RedisBackend faults', () => {
  it('reports Redis down at start as a BackendError naming the URL, quickly', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`
    const cache = new Cache({ backend: new RedisBackend({ url }) })
    const started = Date.now()
    const error = await cache.get('k').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendError)
    expect((error as Error).message).toContain(url)
    expect(Date.now() - started).toBeLessThan(3000)
    await cache.close()
  })

  it('fails fast while Redis is gone and recovers when it returns', async () => {
    let server = await startRedis()
    const cache = new Cache({ backend: new RedisBackend({ url: server.url }), timeout: 1000 })
    await cache.set('k', 'before')
    const gone = new Promise((resolve) => server.process.once('exit', resolve))
    server.process.kill('SIGKILL')
    await gone
    const error = await cache.get('k').catch((e: unknown) => e)
    expect(error instanceof BackendError || error instanceof CacheTimeoutError).toBe(true)
    server = await startRedis(server.port)
    let value: unknown
    for (let i = 0; i < 50 && value === undefined; i++) {
      value = await cache.set('k', 'after').then(
        () => cache.get('k'),
        () => undefined,
      )
      if (value === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(value).toBe('after')
    await cache.close()
    server.stop()
  })
})

describe('RedisBackend increment', () => {
  it('tells an INCRBY Redis refused by the kind of its reply, whatever the wording', async () => {
    const client = createClient({ url })
    await client.connect()
    // The same server, its refusals reworded (as another server version or fork may word them).
    const reword = (sender: { sendCommand(args: string[]): Promise<unknown> }) => ({
      sendCommand: async (args: string[]) => {
        try {
          return await sender.sendCommand(args)
        } catch (error) {
          throw error instanceof ErrorReply ? new ErrorReply('ERR refused') : error
        }
      },
    })
    const mapped = client.withTypeMapping.bind(client)
    ;(client as { withTypeMapping: unknown }).withTypeMapping = (mapping: never) => reword(mapped(mapping) as never)
    const cache = new Cache({ backend: new RedisBackend({ client: client as never }), namespace: 'incr-words' })
    try {
      await cache.set('text', '12')
      expect(await cache.increment('text')).toBe(13)
      await cache.raw('SET', 'incr-words:huge', '9223372036854775807')
      await expect(cache.increment('huge')).rejects.toBeInstanceOf(TypeError)
      expect(await cache.raw('GET', 'incr-words:huge')).toBe('9223372036854775807')
    } finally {
      await cache.clear()
      await cache.close()
      await client.close()
    }
  })
})
