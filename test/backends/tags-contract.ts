// The tag cases of the backend contract (contract.ts runs them for every backend): tagged writes and
// `invalidateTags`, through the public Cache API.
import { expect, it } from 'vitest'
import type { Backend } from '../../src/backends/backend.js'
import type { Cache } from '../../src/core/cache.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Registers the tag cases; `caches()` gives the suite's fresh caches (namespaces `ns` and `ns2`) on one backend. */
export function tagCases(caches: () => { backend: Backend; cache: Cache; other: Cache }): void {
  /** Whether this backend takes tagged writes of `cache` (a Redis Cluster needs hash-tagged keys). */
  async function tagged(cache: Cache): Promise<boolean> {
    try {
      await cache.set('probe', 1, { tags: ['probe'] })
      await cache.invalidateTags(['probe'])
      return true
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toMatch(/hash tag/)
      return false
    }
  }

  it('invalidateTags removes every entry written with one of the tags, in every namespace, and counts them', async () => {
    const { cache, other } = caches()
    if (!(await tagged(cache))) return
    await cache.set('a', 1, { tags: ['user:1', 'users'] })
    await cache.multiSet(
      [
        ['b', 2],
        ['c', 3],
      ],
      { tags: ['users'] },
    )
    await cache.set('d', 4, { tags: ['other'] })
    await cache.set('e', 5)
    await other.set('a', 6, { tags: ['user:1'] })
    expect(await cache.invalidateTags(['user:1'])).toBe(2)
    expect(await cache.get('a')).toBeUndefined()
    expect(await other.get('a')).toBeUndefined()
    expect(await cache.get('b')).toBe(2)
    expect(await cache.invalidateTags(['users', 'other'])).toBe(3)
    expect(await cache.multiGet(['b', 'c', 'd', 'e'])).toEqual([undefined, undefined, undefined, 5])
    expect(await cache.invalidateTags(['users'])).toBe(0)
  })

  it('a rewrite replaces the tags; expire and increment keep them; expired entries are not counted', async () => {
    const { cache } = caches()
    if (!(await tagged(cache))) return
    await cache.set('untagged', 1, { tags: ['t'] })
    await cache.set('untagged', 2)
    await cache.set('retagged', 1, { tags: ['t'] })
    await cache.set('retagged', 2, { tags: ['u'] })
    await cache.set('kept', 1, { tags: ['t'] })
    await cache.expire('kept', 60_000)
    await cache.set('counter', 1, { tags: ['t'] })
    await cache.increment('counter')
    await cache.set('short', 1, { tags: ['t'], ttl: 20 })
    await sleep(40)
    expect(await cache.invalidateTags(['t'])).toBe(2)
    expect(await cache.multiGet(['untagged', 'retagged', 'kept', 'counter'])).toEqual([2, 2, undefined, undefined])
    expect(await cache.invalidateTags(['u'])).toBe(1)
  })

  it('tags that are not a non-empty array of non-empty strings are a TypeError, and nothing is written', async () => {
    const { cache } = caches()
    for (const tags of [[], [''], [1], 'tag', null]) {
      await expect(cache.set('k', 1, { tags } as never)).rejects.toThrow(TypeError)
      await expect(cache.invalidateTags(tags as never)).rejects.toThrow(TypeError)
    }
    expect(await cache.exists('k')).toBe(false)
  })
}
