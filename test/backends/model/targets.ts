// Targets shared by the Node runs (fake-indexeddb) and the browser runs (real IndexedDB) of the model.
import { vi } from 'vitest'
import { IndexedDBBackend } from '../../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../../src/backends/memory.js'
import { TieredBackend } from '../../../src/backends/tiered/index.js'
import type { Store, Target } from './world.js'

/**
 * A `settle` for tiers that share a store: posts a foreign message after every notice sent so far, and resolves
 * once every backend has counted it (as ignored), so all earlier notices were heard too, in order.
 */
export function heardAll(backends: TieredBackend[], post: () => unknown): () => Promise<void> {
  return async () => {
    const before = backends.map((backend) => backend.ignoredMessages)
    await post()
    await vi.waitFor(
      () => {
        if (backends.some((backend, i) => backend.ignoredMessages === before[i]!)) throw new Error('not heard yet')
      },
      { timeout: 5000, interval: 2 },
    )
  }
}

/** IndexedDB, each connection its own `IndexedDBBackend` (an IDBDatabase connection) on database `dbName`. */
export function indexedDBTarget(name: string, project: Target['project'], dbName: string, runs: number): Target {
  return {
    name,
    project,
    clock: 'controlled',
    // The structured clone refuses functions.
    unstorable: () => 1,
    connections: 2,
    runs,
    open: async (connections) => ({
      backends: Array.from({ length: connections }, () => new IndexedDBBackend({ dbName })),
    }),
  }
}

/**
 * A small memory tier over IndexedDB; each connection is a context of its own (its own memory tier), and the
 * contexts hear each other's writes over the BroadcastChannel.
 */
export function tieredIndexedDBTarget(name: string, project: Target['project'], dbName: string, runs: number): Target {
  return {
    name,
    project,
    clock: 'controlled',
    unstorable: () => 1,
    connections: 2,
    runs,
    open: async (connections): Promise<Store> => {
      const backends = Array.from(
        { length: connections },
        () => new TieredBackend([new MemoryBackend({ maxSize: 3 }), new IndexedDBBackend({ dbName })]),
      )
      // Each has heard the other, so every write is announced (a lone context only remembers its writes).
      await vi.waitFor(
        () => {
          if (!backends.every((backend) => backend.peers)) throw new Error('not met yet')
        },
        { timeout: 10_000, interval: 2 },
      )
      const channel = new BroadcastChannel(`pycached:${dbName}/cache`)
      return {
        backends,
        settle: heardAll(backends, () => channel.postMessage('model: every notice before this one was heard')),
        close: () => channel.close(),
      }
    },
  }
}
