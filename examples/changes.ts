// The watch guide's example of `cache.watch` (docs/guide/watch.md), as written there (imports aside): a listener,
// then the iterator form.
import { Cache } from '../src/index.js'
import type { CacheChange } from '../src/index.js'

const seen: CacheChange[] = []
const cache = new Cache<{ items: number }>({ namespace: 'shop' })
const controller = new AbortController()
const stop = cache.watch(['cart'], (change) => seen.push(change), { signal: controller.signal })
await cache.set('cart', { items: 2 }) // seen: [{ key: 'cart', type: 'set', value: { items: 2 }, origin: 'local' }]
await cache.delete('cart') // then { key: 'cart', type: 'deleted', value: undefined, origin: 'local' }
stop() // or controller.abort()

const keys: string[] = []
const changes = cache.watch({ prefix: 'user:' })
await cache.set('user:ada', { items: 1 })
for await (const change of changes) {
  keys.push(`${change.key} ${change.type}`) // 'user:ada set'
  break // leaving the loop ends the watch
}

export { cache, keys, seen }
