// In a Web Worker, a service worker or another tab of the same origin:
import { BridgePlugin, Cache, IndexedDBBackend } from '../src/index.js'

const jobs = new Cache({ backend: new IndexedDBBackend({ dbName: 'app' }), namespace: 'jobs' })
BridgePlugin.attach(jobs, { name: 'jobs' }) // the page's inspector lists it as "jobs · indexeddb · worker"
await jobs.set('job:1', { state: 'queued' })
