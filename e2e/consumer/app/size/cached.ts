import { Cache, cached } from 'pycached'

const cache = new Cache()
await cache.set('greeting', 'hello')
console.log(await cache.get('greeting'))
const getUser = cached(async (id: string) => ({ id }), { cache, name: 'getUser', ttl: 60_000 })
console.log(await getUser('ada'))
