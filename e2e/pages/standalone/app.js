// app.js
import { caches } from './node_modules/pycached/dist/pycached-inspector.standalone.js'

caches.add('api', { namespace: 'api', ttl: 60_000 })
const api = caches.get('api')
await api.set('greeting', 'hello')
await api.get('greeting')
