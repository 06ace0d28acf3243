// One contender of the watch benchmark's writes, in a realm of its own (an iframe of watch.html): its build's code
// learns only from its own writes, as an app's would. Were the contenders to share a realm, the engine would compile
// `set` for every kind of cache at once: a plain write there runs half as fast as in a page that never watches, and
// what a watcher costs would be measured against that.
import type { Cache } from '../../src/index.js'

const params = new URLSearchParams(location.search)
for (const name of params.keys()) {
  if (name !== 'contender' && name !== 'build') throw new TypeError(`watch-realm.html: unknown parameter ${name}`)
}
// The build to run: the source as the dev server serves it, or an earlier build's dist/index.js.
const build = params.get('build') ?? new URL('../../src/index.ts', import.meta.url).href
const which = Number(params.get('contender'))

type Caches = typeof Cache

/** Contender `which` (in the order of watch-page.ts's `NAMES`) on `Built`: one write a call. */
function contender(Built: Caches): () => Promise<unknown> {
  const cache = new Built()
  const ttl = { ttl: 60_000 }
  let n = 0
  switch (which) {
    case 0:
      return () => cache.set('k', ++n)
    case 1:
      cache.watch('k', () => {})
      return () => cache.set('k', ++n)
    case 2:
      for (let i = 0; i < 999; i++) cache.watch(`other:${i}`, () => {})
      cache.watch('k', () => {})
      return () => cache.set('k', ++n)
    case 3:
      return () => cache.set('k', ++n, ttl)
    case 4:
      cache.watch('k', () => {})
      return () => cache.set('k', ++n, ttl)
    case 5: {
      // The least a watched write can cost: a plain write, then the key's listeners looked up (a watcher of one key
      // among others) and a change built and handed to each, by hand.
      const listeners = new Map<string, ((change: unknown) => unknown)[]>([['k', [(change) => change]]])
      return () => {
        const done = cache.set('k', ++n)
        const found = listeners.get('k')
        if (found) for (const listener of found) listener({ key: 'k', type: 'set', value: n, origin: 'local' })
        return done
      }
    }
    default:
      throw new RangeError(`watch-realm.html: no contender ${which}`)
  }
}

// Calls of a fraction of a µs: the clock is read once per CHUNK calls.
const CHUNK = 100

const ready = import(/* @vite-ignore */ build).then(({ Cache }: { Cache: Caches }) => {
  const write = contender(Cache)
  /** Writes, each awaited, for at least `ms`: how many, and the ms they took. */
  return async (ms: number): Promise<[number, number]> => {
    let calls = 0
    let elapsed = 0
    const start = performance.now()
    do {
      for (let i = 0; i < CHUNK; i++) await write()
      calls += CHUNK
      elapsed = performance.now() - start
    } while (elapsed < ms)
    return [calls, elapsed]
  }
})

Object.assign(globalThis, { slice: async (ms: number) => (await ready)(ms) })
