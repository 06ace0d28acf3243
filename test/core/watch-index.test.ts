// The index of watches (src/core/watch-index.ts) against a naive filter of every watch: whatever watches come and
// go, a change of a key reaches exactly the watches a scan would find, each once.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type FeedWatch, WatchIndex, type WatchedKey } from '../../src/core/watch-index.js'

/** A watch as the index sees it, keeping what it heard of for the naive filter. */
class Probe implements FeedWatch {
  readonly keyed: WatchedKey[] | undefined
  readonly heardOf = new Set<string>()

  constructor(
    readonly id: number,
    keys: string[] | undefined,
    readonly prefix: string | undefined,
    readonly tags: string[] | undefined,
  ) {
    this.keyed = keys && [...new Set(keys)].map((key) => ({ key, watch: this, stored: () => {} }))
  }

  take(): void {}
  resync(): void {}
  end(): void {}
  known(): Iterable<string> {
    return this.heardOf
  }
}

const letters = fc.constantFrom('a', 'b', 'ab', 'ba', 'a:', 'b:')
const key = fc.array(letters, { maxLength: 4 }).map((parts) => parts.join(''))
const tag = fc.constantFrom('t1', 't2', 't3')
const target = fc.oneof(
  fc.record({ keys: fc.array(key, { minLength: 1, maxLength: 3 }) }),
  fc.record({ prefix: key }),
  fc.record({ tags: fc.uniqueArray(tag, { minLength: 1, maxLength: 2 }) }),
)
const step = fc.oneof(
  fc.record({ add: target }),
  fc.record({ remove: fc.nat() }),
  fc.record({ hear: fc.nat(), key }),
  fc.record({ forget: fc.nat(), key }),
)

/** What a scan of every watch finds for a change of `key` written with `tags`. */
function naive(watches: Iterable<Probe>, key: string, tags: readonly string[]): Probe[] {
  return [...watches].filter(
    (watch) =>
      watch.keyed?.some((keyed) => keyed.key === key) ||
      (watch.prefix !== undefined && key.startsWith(watch.prefix)) ||
      watch.tags?.some((t) => tags.includes(t)) ||
      (watch.tags !== undefined && watch.heardOf.has(key)),
  )
}

const ids = (watches: Iterable<FeedWatch>) => [...watches].map((watch) => (watch as Probe).id).sort((a, b) => a - b)

describe('the index of watches', () => {
  it('reaches exactly the watches a scan of all of them finds, each once, whatever comes and goes', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 40 }),
        fc.array(fc.tuple(key, fc.uniqueArray(tag, { maxLength: 2 })), { minLength: 1, maxLength: 10 }),
        (steps, changes) => {
          const index = new WatchIndex()
          const live: Probe[] = []
          let next = 0
          for (const s of steps) {
            if ('add' in s) {
              const { keys, prefix, tags } = s.add as { keys?: string[]; prefix?: string; tags?: string[] }
              const probe = new Probe(next++, keys, prefix, tags)
              live.push(probe)
              index.add(probe)
            } else if ('remove' in s) {
              const [gone] = live.splice(s.remove % Math.max(live.length, 1), 1)
              if (gone) expect(index.remove(gone)).toBe(true)
              if (gone) expect(index.remove(gone)).toBe(false)
            } else {
              const watch = live.filter((probe) => probe.tags)[('hear' in s ? s.hear : s.forget) % 7]
              if (!watch) continue
              if ('hear' in s && !watch.heardOf.has(s.key)) {
                watch.heardOf.add(s.key)
                index.heard(watch, s.key)
              } else if ('forget' in s && watch.heardOf.delete(s.key)) index.heard(watch, s.key, false)
            }
          }
          expect(index.size).toBe(live.length)
          expect(index.narrow).toBe(live.every((probe) => probe.keyed))
          for (const [key, tags] of changes) {
            const keyed = (index.keyed(key) ?? []).map(({ watch }) => watch)
            const reached = index.reached(key, tags) ?? []
            // Each watch once: a key watch through its key, any other through `reached`.
            expect(new Set(reached).size).toBe(reached.length)
            expect(ids([...keyed, ...reached])).toEqual(ids(naive(live, key, tags)))
            expect(keyed.every((watch) => watch.keyed)).toBe(true)
            expect(index.covers(key)).toBe(live.some((p) => p.tags) || naive(live, key, []).length > 0)
            // A clear of `key` as a prefix reaches the key watches under it, overlapping prefixes and tag watches.
            const cleared = live.filter(
              (probe) =>
                probe.tags ||
                probe.keyed?.some((keyed) => keyed.key.startsWith(key)) ||
                (probe.prefix !== undefined && (probe.prefix.startsWith(key) || key.startsWith(probe.prefix))),
            )
            expect(ids(index.within(key))).toEqual(ids(cleared))
          }
          expect(ids(index.all())).toEqual(ids(live))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('reaches shorter prefixes first, and builds nothing for a key no other watch covers', () => {
    const index = new WatchIndex()
    const long = new Probe(1, undefined, 'user:ada', undefined)
    const short = new Probe(2, undefined, 'user:', undefined)
    const all = new Probe(3, undefined, '', undefined)
    const key = new Probe(4, ['post:1'], undefined, undefined)
    for (const probe of [long, short, all, key]) index.add(probe)
    expect(index.reached('user:ada:x')).toEqual([all, short, long])
    index.remove(all)
    expect(index.reached('post:1')).toBeUndefined()
    expect(index.keyed('post:1')?.map(({ watch }) => watch)).toEqual([key])
  })

  it('a list being walked stays as it was when a watch comes or goes meanwhile', () => {
    const index = new WatchIndex()
    const a = new Probe(1, ['k'], undefined, undefined)
    const b = new Probe(2, ['k'], undefined, undefined)
    index.add(a)
    index.add(b)
    const walked = index.keyed('k')!
    index.remove(a)
    index.add(new Probe(3, ['k'], undefined, undefined))
    expect(walked.map(({ watch }) => (watch as Probe).id)).toEqual([1, 2])
    expect(index.keyed('k')!.map(({ watch }) => (watch as Probe).id)).toEqual([2, 3])
  })
})
