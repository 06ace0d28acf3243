// Serializers: what a cache stores, and JSON refusing what it could not give back equal.
import { Cache, JsonSerializer, MsgPackSerializer, SerializationError } from '../src/index.js'

const json = new Cache({ serializer: JsonSerializer })
await json.set('user', { name: 'Ada', tags: ['admin'] })
const stored = await json.raw('get', 'user') // { value: '{"name":"Ada","tags":["admin"]}', expiresAt: undefined }

const refused = await json.set('point', { x: Number.NaN }).catch((error: unknown) => error)
const isRefused = refused instanceof SerializationError // value.x is NaN, which JSON cannot store as it is
const missing = await json.exists('point') // false: nothing was stored

const msgpack = new Cache({ serializer: MsgPackSerializer })
await msgpack.set('when', new Date(0)) // MessagePack stores dates and bytes
const when = await msgpack.get('when')

export { stored, refused, isRefused, missing, when }
