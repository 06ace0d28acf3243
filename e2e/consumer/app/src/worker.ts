// A worker's own cache, shown in the page's inspector through the bridge.
import { BridgePlugin, Cache, IndexedDBBackend } from 'pycached'

const jobs = new Cache({ backend: new IndexedDBBackend({ dbName: 'jobs' }), namespace: 'jobs' })
BridgePlugin.attach(jobs, { name: 'jobs' })
await jobs.set('job:1', { state: 'queued' })
await jobs.get('job:1')
postMessage('ready')
