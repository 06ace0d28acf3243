// A Web Worker whose IndexedDB cache (the store and namespace of the page's tier) is bridged, with an
// InspectorControlPlugin, for e2e/inspector-edit.spec.ts.
import { BackendError, BridgePlugin, Cache, IndexedDBBackend, InspectorControlPlugin } from '../../src/index.js'

export type EditCommand =
  | { command: 'start' }
  | { command: 'set'; key: string; value: unknown }
  | { command: 'get'; key: string }
  | { command: 'ttl'; key: string }

let cache: Cache | undefined

async function run(command: EditCommand): Promise<unknown> {
  if (command.command === 'start') {
    cache = new Cache({
      backend: new IndexedDBBackend({ dbName: 'e2e-edit' }),
      namespace: 'jobs',
      plugins: [new InspectorControlPlugin()],
    })
    BridgePlugin.attach(cache, { name: 'worker jobs' })
    return true
  }
  try {
    if (command.command === 'set') return { value: await cache!.set(command.key, command.value) }
    if (command.command === 'ttl') return { value: await cache!.ttl(command.key) }
    return { value: await cache!.get(command.key) }
  } catch (error) {
    return { error: (error as Error).name, reason: error instanceof BackendError ? error.reason : undefined }
  }
}

self.onmessage = async (event: MessageEvent<EditCommand>) => {
  event.ports[0]!.postMessage(await run(event.data))
}
