// The only other file next to this page is pycached-inspector.standalone.js, copied out of the package.
import { CommandEventsPlugin, HitMissRatioPlugin, TimingPlugin, caches } from './pycached-inspector.standalone.js'

caches.add('api', {
  namespace: 'api',
  ttl: 60_000,
  // The statistics the inspector reads, from the cache's first command.
  plugins: () => [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
})
const api = caches.get('api')
await api.set('greeting', 'hello')
await api.get('greeting')
