// Redis answers as the other backends do where it used to differ.
import { afterAll, describe, expect, inject, it } from 'vitest'
import { RedisBackend } from '../../src/backends/redis.js'
import { Cache } from '../../src/core/cache.js'
import { SerializationError } from '../../src/core/errors.js'
import type { CacheOptions } from '../../src/core/types.js'
import '../../src/redis.js'
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
  it('rejects options it does not know, cluster included, before talking to any server', () => {
    expect(() => new RedisBackend({ cluster: ['redis://127.0.0.1:7000'] } as never)).toThrow(
      /RedisBackend options has unknown option\(s\) cluster; known: url, client, binary/,
    )
    expect(() => new RedisBackend({ url, binary: 'yes' } as never)).toThrow(/binary must be a boolean/)
    expect(() => new RedisBackend({ url, client: {} as never })).toThrow(/url or client, not both/)
  })

  it.each([
    ['?db=2', /unknown parameter "db"; known for redis:\/\/: namespace, ttl, timeout, binary/],
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
