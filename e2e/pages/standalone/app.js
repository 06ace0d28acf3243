// app.js
import {
  CommandEventsPlugin,
  HitMissRatioPlugin,
  TimingPlugin,
  caches,
} from './node_modules/pycached/dist/pycached-inspector.standalone.js'

caches.add('api', {
  namespace: 'api',
  ttl: 60_000,
  // A factory: each cache built from the alias gets its own plugins, counting from its first command.
  plugins: () => [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
})
const api = caches.get('api')
await api.set('greeting', 'hello')
await api.get('greeting')
