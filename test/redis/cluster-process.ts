// A Node process of its own for the cross-process tests on a Redis Cluster (bundled by cluster-processes.test.ts):
// `node cluster-process.js <node URLs, comma-separated> <namespace> <task>` connects, prints "ready", waits for a
// line on stdin (so that every process starts at once), runs the task and prints its result as one JSON line.
import { createInterface } from 'node:readline'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { Cache } from '../../src/core/cache.js'
import { cachedStampede } from '../../src/decorators/cached-stampede.js'
import { RedLock } from '../../src/locks/red-lock.js'

const [nodes, namespace, task] = process.argv.slice(2) as [string, string, string]
const cache = new Cache({ backend: new RedisBackend({ cluster: nodes.split(',') }), namespace, timeout: 20_000 })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const tasks: Record<string, () => Promise<unknown>> = {
  /** 20 read-modify-writes of one counter (not atomic by themselves), each under the lock. */
  async lock() {
    for (let i = 0; i < 20; i++) {
      await RedLock.run(
        cache,
        'counter',
        async () => {
          const count = (await cache.get<number>('counter', 0)) as number
          await sleep(5)
          await cache.set('counter', count + 1)
        },
        { lease: 10_000, wait: 30_000, retryInterval: 5 },
      )
    }
    return 'done'
  },
  /** One call of a slow function: one computation across every process, the same result in each. */
  async stampede() {
    const report = cachedStampede(
      async function report(day: string) {
        await cache.increment('computations')
        await sleep(500)
        return { day, at: Date.now() }
      },
      { cache, name: 'report', lease: 10_000, ttl: 60_000 },
    )
    return report('monday')
  },
}

await cache.exists('warm-up') // connected before the start signal
process.stdout.write('ready\n')
await createInterface({ input: process.stdin })[Symbol.asyncIterator]().next()
process.stdout.write(`${JSON.stringify(await tasks[task]!())}\n`)
await cache.close()
process.exit(0)
