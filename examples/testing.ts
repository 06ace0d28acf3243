// Testing code that caches: a fresh memory cache per test, closed when done, and background refreshes awaited.
import { Cache, HitMissRatioPlugin, cached } from '../src/index.js'

let calls = 0
const loadRate = async (currency: string) => {
  calls++
  return { currency, rate: 1.1 }
}

await using cache = new Cache({ plugins: [new HitMissRatioPlugin()] }) // closed at the end of the scope
const getRate = cached(loadRate, { cache, ttl: 60_000, staleWhileRevalidate: 600_000 })
await getRate('EUR')
await getRate('EUR')
await getRate.settled() // every background refresh has finished: nothing runs after the test
const hits = cache.hitMissRatio.hits // 1: the second call was answered by the cache
const called = calls // 1

export { hits, called }
