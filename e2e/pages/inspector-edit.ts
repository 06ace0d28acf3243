// The page of e2e/inspector-edit.spec.ts: caches on memory, IndexedDB and a memory + IndexedDB tier carrying an
// InspectorControlPlugin, one cache without it, and a Web Worker whose IndexedDB cache is bridged.
import {
  BackendError,
  Cache,
  CommandEventsPlugin,
  HitMissRatioPlugin,
  IndexedDBBackend,
  InspectorControlPlugin,
  MemoryBackend,
  TieredBackend,
  TimingPlugin,
} from '../../src/index.js'
import '../../inspector/index.js'
import type { EditCommand } from './inspector-edit-worker.js'

const stats = () => [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()]
const controls = {
  memory: new InspectorControlPlugin(),
  indexeddb: new InspectorControlPlugin(),
  tier: new InspectorControlPlugin(),
}
const caches = {
  memory: new Cache({ namespace: 'mem', plugins: [...stats(), controls.memory] }),
  indexeddb: new Cache({
    backend: new IndexedDBBackend({ dbName: 'e2e-edit' }),
    namespace: 'idb',
    plugins: [...stats(), controls.indexeddb],
  }),
  tier: new Cache({
    backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'e2e-edit' })]),
    namespace: 'jobs',
    plugins: [...stats(), controls.tier],
  }),
  plain: new Cache({ namespace: 'plain', plugins: stats() }),
}
type Name = keyof typeof caches

/** What the app's own error path sees when it runs `command` on cache `name`: the value, or the error's parts. */
async function attempt(name: Name, command: 'get' | 'set'): Promise<unknown> {
  const cache = caches[name]
  try {
    return { value: command === 'get' ? await cache.get('probe') : await cache.set('probe', 1) }
  } catch (error) {
    const backend = error instanceof BackendError
    return { error: (error as Error).name, backend, reason: backend ? (error as BackendError).reason : undefined }
  }
}

let worker: Worker | undefined
/** Sends one command to the worker and waits for its answer. */
function ask(command: EditCommand): Promise<unknown> {
  worker ??= new Worker(new URL('./inspector-edit-worker.ts', import.meta.url), { type: 'module' })
  const channel = new MessageChannel()
  const answer = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)))
  worker.postMessage(command, [channel.port2])
  return answer
}

await Promise.all(Object.values(caches).map((cache) => cache.clear()))
document.querySelector('pycached-inspector')!.caches = Object.values(caches)
Object.assign(globalThis, { edit: { caches, controls, attempt, ask } })
document.getElementById('status')!.textContent = 'ready'
