// One process of the cross-process stale-while-revalidate test (swr-processes.test.ts builds and starts several).
// Protocol on stdio: it prints `ready`, waits for `go`, answers ten concurrent calls and prints
// `answered <json>`; if it is the one that refreshes, it prints `refreshing` and waits for `finish`; once its
// background work is over it prints `done`.
import { createInterface } from 'node:readline'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'

const [url, name] = process.argv.slice(2) as [string, string]
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const next = async (expected: string) => {
  const { value } = await lines.next()
  if (value !== expected) throw new Error(`${name} expected ${expected}, got ${String(value)}`)
}
const say = (line: string) => process.stdout.write(`${line}\n`)

const cache = new Cache({ backend: new RedisBackend({ url }), namespace: 'swr-processes' })
const price = cached(
  async function price(item: string) {
    await cache.increment('refreshes')
    say('refreshing')
    await next('finish')
    return `${item} from ${name}`
  },
  { cache, name: 'price', ttl: 60_000, staleWhileRevalidate: 600_000 },
)

say('ready')
await next('go')
say(`answered ${JSON.stringify(await Promise.all(Array.from({ length: 10 }, () => price('tea'))))}`)
await price.settled()
say('done')
await cache.close()
process.exit(0)
