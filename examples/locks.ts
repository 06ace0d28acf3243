// Locks: RedLock for "one at a time", OptimisticLock for "write only if nobody changed it".
import { Cache, OptimisticLock, OptimisticLockError, RedLock } from '../src/index.js'

const cache = new Cache({ namespace: 'jobs' })

// One holder at a time per key: the lock key 'report-lock' holds a random token until released.
const report = await RedLock.run(cache, 'report', async () => 'built once', { lease: 5_000 })

await cache.set('counter', 1)
const lock = await OptimisticLock.begin(cache, 'counter')
await cache.set('counter', 5) // someone else writes in between
const conflict = await lock.cas((lock.value as number) + 1).catch((error: unknown) => error)
const lost = conflict instanceof OptimisticLockError // the key changed since begin: nothing was written

const retry = await OptimisticLock.begin(cache, 'counter')
await retry.cas((retry.value as number) + 1)
const counter = await cache.get('counter') // 6

export { report, lost, counter }
