// The README's cached() example: a slow function, called once per argument while its result lives.
import { cached } from '../src/index.js'

async function fetchUser(id: string) {
  return { id, name: id === 'ada' ? 'Ada Lovelace' : 'unknown' } // stands for a slow `fetch`
}

const getUser = cached(fetchUser, { ttl: 60_000 }) // same signature, results cached per argument
const first = await getUser('ada') // calls fetchUser
const again = await getUser('ada') // from the cache, no call
await getUser.invalidate('ada') // the next call fetches again

export { getUser, first, again }
