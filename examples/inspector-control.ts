// Forcing a state: a cache that carries an InspectorControlPlugin can be made slow, failing, full or offline.
import { BackendError, Cache, InspectorControlPlugin } from '../src/index.js'

const control = new InspectorControlPlugin() // the inspector's keys tab shows its controls for this cache
const cache = new Cache({ namespace: 'api', plugins: [control] })

control.force({ latency: 0, failure: 'offline' }) // as the inspector's "offline" does
const seen = await cache.get('user:1').catch((error: unknown) => error instanceof BackendError && error.reason)
control.force({ latency: 0 }) // nothing forced: commands run as before
const back = await cache.set('user:1', { name: 'Ada' })

export { seen, back }
