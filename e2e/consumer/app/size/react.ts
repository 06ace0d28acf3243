import { Cache } from 'pycached'
import { useCached } from 'pycached/react'

const cache = new Cache()
await cache.set('greeting', 'hello')
console.log(await cache.get('greeting'), useCached)
