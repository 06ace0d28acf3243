// Function caching: a slow function wrapped by cached(), its controls, and a cached method.
import { cached } from '../src/index.js'

let calls = 0
async function fetchUser(id: string): Promise<{ id: string; name: string }> {
  calls++
  return { id, name: id.toUpperCase() }
}

const getUser = cached(fetchUser, { ttl: 60_000 }) // same signature as fetchUser, results from a cache
await getUser('ada') // calls fetchUser
await getUser('ada') // from the cache
await getUser.invalidate('ada') // forget that call's result
await getUser.refresh('ada') // call again and store the fresh result
await getUser.withOptions({ read: false })('ada') // skip the cache read for this call, still store the result
const stored = await getUser.cache.keys() // the Cache holding the results

class Users {
  @cached({ ttl: 60_000 }) // a standard (TC39) decorator; `this` is part of the key unless `noself`
  async load(id: string) {
    return fetchUser(id)
  }
}
const loaded = await new Users().load('grace')

export { calls, getUser, stored, loaded }
