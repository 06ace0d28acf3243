// Many watches on one cache, of keys, prefixes and tags: each hears exactly the writes a naive filter of the writes
// says it should, in order, whatever the mix (the watches are found through an index, never by a scan).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/index.js'
import type { CacheChange } from '../../src/index.js'

type Target = { keys: string[] } | { prefix: string } | { tags: string[] }
type Write = { set: string; value: number; tags?: string[] } | { delete: string }

const key = fc.constantFrom('a', 'ab', 'abc', 'b', 'ba', 'user:1', 'user:12', 'post:1')
const prefix = fc.constantFrom('', 'a', 'ab', 'b', 'user:', 'user:1', 'post:', 'zzz')
const tag = fc.constantFrom('t1', 't2', 't3')
const target: fc.Arbitrary<Target> = fc.oneof(
  fc.record({ keys: fc.uniqueArray(key, { minLength: 1, maxLength: 3 }) }),
  fc.record({ prefix }),
  fc.record({ tags: fc.uniqueArray(tag, { minLength: 1, maxLength: 2 }) }),
)
const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ set: key, value: fc.integer(), tags: fc.uniqueArray(tag, { minLength: 1, maxLength: 2 }) }),
  fc.record({ set: key, value: fc.integer() }),
  fc.record({ delete: key }),
)

/** What a watch of `target` hears of `writes`, worked out write by write from the writes alone. */
function expected(target: Target, writes: Write[]): [string, string, unknown][] {
  const present = new Set<string>()
  const heardOf = new Set<string>()
  const heard: [string, string, unknown][] = []
  for (const w of writes) {
    const key = 'set' in w ? w.set : w.delete
    if ('delete' in w && !present.has(key)) continue
    let reaches: boolean
    if ('keys' in target) reaches = target.keys.includes(key)
    else if ('prefix' in target) reaches = key.startsWith(target.prefix)
    else reaches = heardOf.has(key) || ('set' in w && !!w.tags?.some((t) => target.tags.includes(t)))
    if ('set' in w) present.add(key)
    else present.delete(key)
    if (!reaches) continue
    heardOf.add(key)
    heard.push('set' in w ? [key, 'set', w.value] : [key, 'deleted', undefined])
  }
  return heard
}

describe('many watches of keys, prefixes and tags', () => {
  it('each hears exactly the writes a filter of them finds, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(target, { minLength: 1, maxLength: 12 }),
        fc.array(write, { maxLength: 25 }),
        async (targets, writes) => {
          const cache = new Cache<number>({ namespace: 'ns' })
          const heard = targets.map(() => [] as [string, string, unknown][])
          targets.forEach((t, i) =>
            cache.watch('keys' in t ? t.keys : t, (change: CacheChange<number>) =>
              heard[i]!.push([change.key!, change.type, change.value]),
            ),
          )
          for (const w of writes) {
            if ('delete' in w) await cache.delete(w.delete)
            else await cache.set(w.set, w.value, w.tags ? { tags: w.tags } : {})
          }
          targets.forEach((t, i) => expect(heard[i], JSON.stringify(t)).toEqual(expected(t, writes)))
          await cache.close()
        },
      ),
      { numRuns: 100 },
    )
  })

  it('a write reaches its key among 1,000 watches of other keys, prefixes and tags, and no other', async () => {
    const cache = new Cache<number>()
    let others = 0
    for (let i = 0; i < 1000; i++) {
      const target = i % 3 === 0 ? `other:${i}` : i % 3 === 1 ? { prefix: `other:${i}:` } : { tags: [`other${i}`] }
      cache.watch(target, () => others++)
    }
    const heard: unknown[] = []
    cache.watch({ prefix: 'k' }, (change) => heard.push(change.value))
    cache.watch({ tags: ['t2'] }, (change) => heard.push(change.value))
    await cache.set('k', 1)
    await cache.set('k', 2, { tags: ['t2'] })
    expect(heard).toEqual([1, 2, 2])
    expect(others).toBe(0)
  })
})
