import { Cache } from 'pycached'

const cache = new Cache()
await cache.set('greeting', 'hello')
console.log(await cache.get('greeting'))
await cache.purge()
