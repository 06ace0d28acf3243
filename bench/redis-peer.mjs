// A second process with a memory tier over the same Redis database, for bench/redis-tiers.mjs: it listens for
// notices (so the benchmark's writes are announced) until its stdin closes. Prints "ready" once it listens.
import { Cache, MemoryBackend, TieredBackend } from '../dist/index.js'
import { RedisBackend } from '../dist/redis.js'

const backend = new TieredBackend([new MemoryBackend(), new RedisBackend({ url: process.argv[2] })])
const cache = new Cache({ backend, namespace: process.argv[3] })
while (!backend.listening) await new Promise((resolve) => setTimeout(resolve, 5))
console.log('ready')
process.stdin.resume()
process.stdin.on('end', () => void cache.close())
