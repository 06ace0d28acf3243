// A loop of memory gets and sets for a CPU profile of the hot path in Node:
// `node --cpu-prof --cpu-prof-dir=prof bench/hot-loop.mjs [plugins]`, then `node bench/profile.mjs prof/*.cpuprofile`.
// With `plugins`, the cache has TimingPlugin and HitMissRatioPlugin. Runs the built dist/ (`npm run build`).
import { Cache, HitMissRatioPlugin, TimingPlugin } from '../dist/index.js'

const mode = process.argv[2]
if (mode !== undefined && mode !== 'plugins') {
  console.error('usage: node bench/hot-loop.mjs [plugins]')
  process.exit(2)
}
const KEYS = 10_000
const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`)
const value = { id: 1, name: 'Ada Lovelace', tags: ['math', 'engines'] }
const cache = new Cache({ plugins: mode === 'plugins' ? [new TimingPlugin(), new HitMissRatioPlugin()] : [] })
for (const key of keys) await cache.set(key, value)
const CALLS = 3_000_000
let i = 0
const start = performance.now()
for (let n = 0; n < CALLS; n++) {
  i = (i + 7919) % KEYS
  await (n % 10 === 0 ? cache.set(keys[i], value) : cache.get(keys[i]))
}
const elapsed = performance.now() - start
console.log(
  `${CALLS.toLocaleString('en')} commands, 90% get / 10% set: ${((elapsed * 1000) / CALLS).toFixed(2)} µs each`,
)
