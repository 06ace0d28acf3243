// The stale-while-revalidate contract on the in-page stores in Node: memory with each serializer, and IndexedDB
// on fake-indexeddb, alone and under a memory tier (real Chromium runs it in freshness.browser.test.ts, Redis in test/redis/).
import 'fake-indexeddb/auto'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { NullSerializer } from '../../src/serializers/null.js'
import { runFreshnessContract } from './freshness-contract.js'

for (const [name, serializer] of [
  ['NullSerializer', NullSerializer],
  ['JsonSerializer', JsonSerializer],
  ['MsgPackSerializer', MsgPackSerializer],
] as const) {
  runFreshnessContract(`memory + ${name}`, () => {
    const backend = new MemoryBackend()
    return () => new Cache({ backend, serializer })
  })
}

runFreshnessContract('indexeddb (fake-indexeddb) + JsonSerializer', () => {
  return () => new Cache({ backend: new IndexedDBBackend({ dbName: 'swr-node' }), serializer: JsonSerializer })
})

runFreshnessContract('tiered memory + indexeddb (fake-indexeddb)', () => {
  return () =>
    new Cache({
      backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'swr-node-tiered' })]),
    })
})
