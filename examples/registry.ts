// The caches registry: aliases configured once, one shared instance per alias.
import { TimingPlugin, caches } from '../src/index.js'

caches.setConfig({
  default: {},
  users: { url: 'memory://?namespace=users', ttl: 60_000, plugins: () => [new TimingPlugin()] },
})
const added: string[] = []
caches.addEventListener('change', (event) => added.push(event.alias ?? '')) // an alias added, a shared cache built
const users = caches.get('users') // one shared instance per alias
const fresh = caches.create('users', { ttl: 0 }) // a new instance with overrides
caches.add('sessions', { namespace: 'sessions' })
const fromUrl = caches.get('sessions')

export { added, users, fresh, fromUrl }
