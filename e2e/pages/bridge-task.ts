// What the bridged caches of e2e/bridge.spec.ts do when asked: start, run lookups and writes, or report a key.
import { BridgePlugin, Cache, IndexedDBBackend, cached } from '../../src/index.js'

export type BridgedCommand =
  | { command: 'start'; name: string }
  | { command: 'load'; gets: number; sets: number }
  | { command: 'has'; key: string }
  | { command: 'stale' }

let cache: Cache | undefined

/** Runs `command` on `on`, or on the cache `start` made. */
export async function runBridgedTask(on: Cache | undefined, command: BridgedCommand): Promise<unknown> {
  if (command.command === 'start') {
    cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-bridge' }), namespace: command.name })
    await cache.clear()
    BridgePlugin.attach(cache, { name: command.name })
    return true
  }
  const target = on ?? cache!
  if (command.command === 'has') return target.exists(command.key)
  if (command.command === 'stale') {
    // A staleWhileRevalidate wrapper whose entry went stale: it answers at once and refreshes in the background.
    const quote = cached(async (item: string) => `${item} fresh`, {
      cache: target,
      key: 'quote:tea',
      ttl: 60_000,
      staleWhileRevalidate: 600_000,
    })
    await target.set('quote:tea', { value: 'tea stale', freshUntil: Date.now() - 1 }, { ttl: 600_000 })
    const answer = await quote('tea')
    await quote.settled()
    return answer
  }
  for (let i = 0; i < command.sets; i++) await target.set(`job:${i}`, { i, note: `<b>job ${i}</b>` })
  for (let i = 0; i < command.gets; i++) await target.get(`job:${i % (command.sets * 2 || 1)}`)
  return target.hitMissRatio
}
