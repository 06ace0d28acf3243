import { Cache } from 'pycached'
import 'pycached/inspector'

const cache = new Cache()
await cache.set('greeting', 'hello')
console.log(await cache.get('greeting'))
document.body.append(Object.assign(document.createElement('pycached-inspector'), { cache }))
