// The backend contract on a memory tier over IndexedDB in real Chromium, with the BroadcastChannel on.
import { describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../../src/backends/memory.js'
import { TieredBackend } from '../../../src/backends/tiered/index.js'
import { Cache } from '../../../src/core/cache.js'
import { runBackendContract } from '../contract.js'

runBackendContract(
  'tiered memory+indexeddb in Chromium',
  () => new TieredBackend([new MemoryBackend({ maxSize: 1000 }), new IndexedDBBackend({ dbName: 'tiered-browser' })]),
)

describe('TieredBackend in Chromium', () => {
  it('answers hits from memory without a promise hop, and says so', async () => {
    const backend = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'tiered-browser-hits' })])
    const cache = new Cache({ backend })
    await cache.set('k', { v: 1 })
    const report = { tier: -1 }
    expect(backend.getNow('k', report)).toEqual({ v: 1 })
    expect(report.tier).toBe(0)
    expect(backend.getNow('missing')).toBeUndefined()
    await cache.clear()
    await cache.close()
  })
})

describe('a memory tier over IndexedDB hands back what IndexedDB would', () => {
  class Money {
    constructor(public cents: number) {}
  }

  it('a structured clone, in this context as in a fresh one over the same database', async () => {
    const open = () =>
      new Cache({
        backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'tiered-copies' })]),
      })
    const cache = open()
    const money = new Money(3)
    await cache.set('m', money)
    money.cents = 99
    const read = (await cache.get('m')) as Money
    expect(read).not.toBeInstanceOf(Money)
    read.cents = 42
    const fresh = open()
    for (const reader of [cache, fresh]) {
      expect(await reader.get('m')).toEqual({ cents: 3 })
      expect(Object.getPrototypeOf(await reader.get('m'))).toBe(Object.prototype)
    }
    await cache.clear()
    await Promise.all([cache.close(), fresh.close()])
  })
})
