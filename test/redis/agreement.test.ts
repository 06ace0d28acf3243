// Redis answers as the other backends do where it used to differ.
import { afterAll, describe, expect, inject, it } from 'vitest'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { Cache } from '../../src/core/cache.js'
import { SerializationError } from '../../src/core/errors.js'
import type { CacheOptions } from '../../src/core/types.js'
import '../../src/redis.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { StringSerializer } from '../../src/serializers/string.js'

const url = inject('redisUrl')
const opened: Cache[] = []
function cache(namespace: string, options: Omit<CacheOptions, 'backend'> & { binary?: boolean } = {}): Cache {
  const { binary, ...rest } = options
  const made = new Cache({ backend: new RedisBackend({ url, ...(binary && { binary }) }), namespace, ...rest })
  opened.push(made)
  return made
}

afterAll(async () => {
  for (const made of opened) await made.close()
})

describe('Redis keys', () => {
  it('refuses keys with lone surrogates instead of letting them collide as U+FFFD', async () => {
    const c = cache('agree-wf')
    await c.clear()
    await expect(c.set('\ud800', 'high')).rejects.toThrow(TypeError)
    await expect(c.set('\udc00', 'low')).rejects.toThrow(TypeError)
    expect(await c.keys()).toEqual([])
  })
})

describe('Redis TTLs', () => {
  it('keeps a fractional ttl as whole ms rounded up, as memory does', async () => {
    const c = cache('agree-ttl')
    await c.set('k', 1)
    await c.expire('k', 60_000.5)
    expect(await c.ttl('k')).toBeGreaterThan(60_000 - 1000)
    expect(await c.ttl('k')).toBeLessThanOrEqual(60_001)
  })

  it('refuses a ttl above the maximum before Redis sees it (RangeError, nothing stored)', async () => {
    const c = cache('agree-ttl')
    await expect(c.set('huge', 1, { ttl: 1e20 })).rejects.toThrow(RangeError)
    expect(await c.exists('huge')).toBe(false)
  })
})

describe('Redis with JSON values', () => {
  it.each([
    ['a constructor key', { constructor: 1 }],
    ['a prototype key', { a: { prototype: 2 } }],
    ['a __proto__ key', JSON.parse('{"__proto__":{"x":1}}') as unknown],
  ])('refuses %s at set, so one bad entry never hides the others', async (_name, value) => {
    const c = cache('agree-json')
    await c.clear()
    await c.set('good', { ok: true })
    await expect(c.set('bad', value)).rejects.toThrow(SerializationError)
    expect(await c.exists('bad')).toBe(false)
    expect(await c.multiGet(['good', 'bad'])).toEqual([{ ok: true }, undefined])
    expect(await c.entries()).toEqual([['good', { ok: true }]])
  })

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-0', -0],
    ['an undefined member', { a: undefined }],
    ['a Date', new Date(0)],
  ])('refuses %s instead of changing it silently', async (_name, value) => {
    const c = cache('agree-json')
    await expect(c.set('changed', value)).rejects.toThrow(SerializationError)
    expect(await c.exists('changed')).toBe(false)
  })

  it('refuses a string that is not well-formed UTF-16, which Redis would change', async () => {
    const c = cache('agree-json', { serializer: StringSerializer })
    await expect(c.set('lone', 'a\ud800')).rejects.toThrow(SerializationError)
    expect(await c.exists('lone')).toBe(false)
  })
})

describe('Redis options and URL parameters', () => {
  it('rejects options it does not know before talking to any server', () => {
    expect(() => new RedisBackend({ clustr: ['redis://127.0.0.1:7000'] } as never)).toThrow(
      /RedisBackend options has unknown option\(s\) clustr; known: url, client, cluster, binary, hashTag/,
    )
    expect(() => new RedisBackend({ url, binary: 'yes' } as never)).toThrow(/binary must be a boolean/)
    expect(() => new RedisBackend({ url, client: {} as never })).toThrow(/url or client, not both/)
  })

  it.each([
    ['?db=2', /unknown parameter "db"; known for redis:\/\/: namespace, ttl, timeout, binary, hashTag/],
    ['?binary=yes', /binary must be true or false, got "yes"/],
    ['?namespace=a&namespace=b', /more than once/],
  ])('rejects the URL parameter %s', (query, message) => {
    expect(() => Cache.fromUrl(`${url}/0${query}`)).toThrow(message)
  })

  it('takes binary=false and binary=true from the URL', async () => {
    const plain = Cache.fromUrl(`${url}/0?binary=false&namespace=agree-url`)
    opened.push(plain)
    await plain.set('k', { a: 1 })
    expect(await plain.raw('GET', 'agree-url:k')).toBe('{"a":1}')
  })
})

describe('Redis increment follows the serializer', () => {
  it('MsgPack (binary): counts in MessagePack, so get reads what increment wrote', async () => {
    const c = cache('agree-inc-mp', { binary: true, serializer: MsgPackSerializer })
    await c.clear()
    expect(await c.increment('n', 2)).toBe(2)
    expect(await c.get('n')).toBe(2)
    await c.set('m', 3)
    expect(await c.increment('m', 2)).toBe(5)
    expect(await c.get('m')).toBe(5)
  })

  it.each([
    ['JSON', JsonSerializer, '12', 13],
    ['String', StringSerializer, '12', '13'],
    ['JSON', JsonSerializer, 12, 13],
    ['MsgPack', MsgPackSerializer, '12', 13],
  ])(
    '%s: a stored %j counts, and the result is stored back with the serializer',
    async (_n, serializer, stored, after) => {
      const c = cache('agree-inc-digits', { serializer, binary: serializer === MsgPackSerializer })
      await c.set('d', stored)
      expect(await c.increment('d')).toBe(13)
      expect(await c.get('d')).toBe(after)
    },
  )

  it('a result outside the safe-integer range is a RangeError, and the entry stays as it was', async () => {
    for (const [serializer, binary] of [
      [JsonSerializer, false],
      [MsgPackSerializer, true],
    ] as const) {
      const c = cache('agree-inc-range', { serializer, binary })
      await c.set('big', Number.MAX_SAFE_INTEGER - 1, { ttl: 60_000 })
      await expect(c.increment('big', 5)).rejects.toThrow(RangeError)
      expect(await c.get('big')).toBe(Number.MAX_SAFE_INTEGER - 1)
      expect(await c.increment('big')).toBe(Number.MAX_SAFE_INTEGER)
      await c.set('low', -Number.MAX_SAFE_INTEGER)
      await expect(c.increment('low', -1)).rejects.toThrow(/outside the safe-integer range/)
      expect(await c.get('low')).toBe(-Number.MAX_SAFE_INTEGER)
    }
  })

  it('a stored value that is no safe integer is a TypeError, and stays as it was', async () => {
    const c = cache('agree-inc-bad')
    await c.raw('SET', 'agree-inc-bad:huge', '12345678901234567890')
    await expect(c.increment('huge')).rejects.toThrow(TypeError)
    expect(await c.raw('GET', 'agree-inc-bad:huge')).toBe('12345678901234567890')
    await c.raw('SET', 'agree-inc-bad:int64', String(2n ** 60n))
    await expect(c.increment('int64')).rejects.toThrow(TypeError)
    expect(await c.raw('GET', 'agree-inc-bad:int64')).toBe(String(2n ** 60n))
    await c.set('text', 'twelve')
    await expect(c.increment('text')).rejects.toThrow(/not an integer/)
    expect(await c.get('text')).toBe('twelve')
  })

  it('keeps the TTL through the serializer path, and loses no update between clients', async () => {
    const [a, b] = [0, 1].map(() => cache('agree-inc-cas', { binary: true, serializer: MsgPackSerializer }))
    await a!.set('t', 1, { ttl: 60_000 })
    await Promise.all([a, b].map((c) => Promise.all(Array.from({ length: 100 }, () => c!.increment('t')))))
    expect(await a!.get('t')).toBe(201)
    expect(await a!.ttl('t')).toBeGreaterThan(50_000)
  })
})

describe('Redis binary mode', () => {
  it('works with the default JSON serializer: strings come back as UTF-8 bytes and load as JSON', async () => {
    const c = cache('agree-bin-json', { binary: true })
    await c.clear()
    await c.set('obj', { name: 'Ada Lovelace ✓', n: [1, 2] })
    await c.set('s', 'é')
    expect(await c.get('obj')).toEqual({ name: 'Ada Lovelace ✓', n: [1, 2] })
    expect(await c.multiGet(['s', 'none'])).toEqual(['é', undefined])
    expect(await c.increment('count', 3)).toBe(3)
    expect(await c.get('count')).toBe(3)
    expect(new Map(await c.entries())).toEqual(
      new Map<string, unknown>([
        ['obj', { name: 'Ada Lovelace ✓', n: [1, 2] }],
        ['s', 'é'],
        ['count', 3],
      ]),
    )
  })

  it('without binary, bytes are refused at set rather than stored where they would come back as text', async () => {
    const c = cache('agree-bin-off', { serializer: MsgPackSerializer })
    await expect(c.set('k', { a: 1 })).rejects.toThrow(/binary: true/)
    expect(await c.exists('k')).toBe(false)
  })
})
