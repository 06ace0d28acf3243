import { Cache } from 'pycached'

const cache = new Cache()
cache.watch('greeting', (change) => console.log(change.value))
await cache.set('greeting', 'hello')
console.log(await cache.get('greeting'))
