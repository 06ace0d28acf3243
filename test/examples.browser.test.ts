// The browser examples, run as written in Chromium.
import { expect, it } from 'vitest'

it('examples/tiers.ts: a memory tier over IndexedDB answers from memory and counts the hit there', async () => {
  const { backend, cache, user, byTier } = await import('../examples/tiers.js')
  expect(user).toEqual({ name: 'Ada' })
  expect(byTier).toEqual([1])
  // The loop that yields now and then: a thousand more hits, all from memory.
  expect(cache.hitMissRatio.byTier).toEqual([1001])
  expect(await backend.tiers[0]!.get('api:user:1')).toEqual({ name: 'Ada' })
  expect(await backend.tiers[1]!.get('api:user:1')).toEqual({ name: 'Ada' })
  expect(await cache.ttl('user:1')).toBeGreaterThan(50_000)
  await cache.clear()
  await cache.close()
})
