// Errors: every library failure is a CacheError subclass; bad arguments are TypeError or RangeError.
import { Cache, CacheError, JsonSerializer, KeyExistsError, SerializationError } from '../src/index.js'

const cache = new Cache({ serializer: JsonSerializer })
await cache.add('job:1', { state: 'queued' })

const seen: string[] = []
try {
  await cache.add('job:1', { state: 'running' })
} catch (error) {
  if (error instanceof KeyExistsError) seen.push('job:1 is already there') // nothing was written
}
try {
  await cache.set('ratio', Number.NaN)
} catch (error) {
  if (error instanceof SerializationError) seen.push(error.message) // names the key and the path
}
try {
  await cache.set('k', 'v', { ttl: -1 })
} catch (error) {
  if (error instanceof RangeError) seen.push(error.message) // names the argument and what it got
}
const failed = await cache.get('ratio').catch((error: unknown) => error instanceof CacheError)

export { cache, seen, failed }
