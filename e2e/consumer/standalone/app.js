// The only other file next to this page is pycached-inspector.standalone.js, copied out of the package.
import { caches } from './pycached-inspector.standalone.js'

caches.add('api', { namespace: 'api', ttl: 60_000 })
const api = caches.get('api')
await api.set('greeting', 'hello')
await api.get('greeting')
