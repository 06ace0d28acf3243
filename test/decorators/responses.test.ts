import 'fake-indexeddb/auto'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { runResponseCases } from './responses.js'

let n = 0
const indexedDB = async () => {
  const cache = new Cache({ backend: new IndexedDBBackend({ dbName: `responses-${n++}` }) })
  await cache.clear()
  return cache
}
runResponseCases('memory', () => new Cache())
runResponseCases('memory + JsonSerializer', () => new Cache({ serializer: JsonSerializer }))
runResponseCases('memory + MsgPackSerializer', () => new Cache({ serializer: MsgPackSerializer }))
runResponseCases('indexeddb (fake-indexeddb)', indexedDB)
runResponseCases(
  'memory + indexeddb (fake-indexeddb)',
  () =>
    new Cache({
      backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: `responses-${n++}` })]),
    }),
)
