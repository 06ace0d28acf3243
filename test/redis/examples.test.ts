// The server example, run as written against the test Redis.
import { expect, inject, it, vi } from 'vitest'

// Generous: on a loaded machine, messages and other processes can take seconds.
const EVENTUALLY = { timeout: 10_000, interval: 20 }

it('examples/tiers-redis.ts: a memory tier over Redis at $REDIS_URL', async () => {
  process.env.REDIS_URL = `${inject('redisUrl')}/2`
  const { backend, cache } = await import('../../examples/tiers-redis.js')
  // Until its subscriber connection is confirmed, a tiered cache on Redis reads and writes Redis alone.
  await vi.waitFor(() => expect(backend.listening).toBe(true), EVENTUALLY)
  await cache.set('user:1', { name: 'Ada' })
  expect(await cache.get('user:1')).toEqual({ name: 'Ada' })
  expect(await backend.tiers[0]!.get('api:user:1')).toBe('{"name":"Ada"}')
  expect(await backend.tiers[1]!.get('api:user:1')).toBe('{"name":"Ada"}')
  await cache.clear()
  await cache.close()
})

it('examples/redis.ts: a cache on Redis at $REDIS_URL, and the same from a redis:// URL', async () => {
  process.env.REDIS_URL = `${inject('redisUrl')}/3`
  const { cache, user, fromUrl } = await import('../../examples/redis.js')
  expect(user).toEqual({ name: 'Ada' })
  expect(await cache.raw('GET', 'api:user:1')).toBe('{"name":"Ada"}')
  expect(await fromUrl.get('user:1')).toEqual({ name: 'Ada' })
  await cache.clear()
  await cache.close()
  await fromUrl.close()
})
