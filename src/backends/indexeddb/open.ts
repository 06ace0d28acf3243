// What an `indexeddb://` URL opens, loaded on first use: the backend, behind a memory tier when one is asked for.
import type { Backend } from '../backend.js'
import { IndexedDBBackend, type IndexedDBBackendOptions } from './index.js'
import type { MemoryBackend } from '../memory.js'
import { TieredBackend } from '../tiered/index.js'

/** The IndexedDB backend of `options`, with `memory` in front of it when given. */
export function openIndexedDB(options: IndexedDBBackendOptions, memory?: MemoryBackend): Backend {
  const store = new IndexedDBBackend(options)
  return memory ? new TieredBackend([memory, store]) : store
}
