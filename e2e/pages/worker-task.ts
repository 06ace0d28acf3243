// What a worker does with pycached's IndexedDB backend: the commands that need a transaction each, in a
// context without window or document.
import { Cache, IndexedDBBackend } from '../../src/index.js'

export interface WorkerReport {
  hasWindow: boolean
  hasDocument: boolean
  added: boolean
  counter: number
  value: unknown
  ttl: number | undefined
  keys: string[]
}

export async function workerTask(name: string): Promise<WorkerReport> {
  const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-workers' }), namespace: name })
  await cache.clear()
  await cache.multiSet([
    ['from', name],
    ['at', 'worker'],
  ])
  const added = await cache.add('once', 1)
  await cache.increment('counter', 2)
  const counter = await cache.increment('counter', 3)
  await cache.expire('at', 60_000)
  const report: WorkerReport = {
    hasWindow: 'window' in globalThis,
    hasDocument: 'document' in globalThis,
    added,
    counter,
    value: await cache.get('from'),
    ttl: await cache.ttl('at'),
    keys: (await cache.keys()).sort(),
  }
  await cache.close()
  return report
}
