#!/usr/bin/env node
// Imports the built package through its own `exports` map, as an app in Node would, and runs real commands.
import assert from 'node:assert/strict'
import { Cache, HitMissRatioPlugin, JsonSerializer, TimingPlugin, cached } from 'pycached'
import { TimingPlugin as FromPlugins } from 'pycached/plugins'

assert.equal(FromPlugins, TimingPlugin)
const cache = new Cache({
  namespace: 'smoke',
  serializer: JsonSerializer,
  plugins: [new TimingPlugin(), new HitMissRatioPlugin()],
})
await cache.set('a', { n: 1 }, { ttl: 60_000 })
assert.deepEqual(await cache.get('a'), { n: 1 })
assert.equal(await cache.increment('count', 2), 2)
assert.equal(cache.hitMissRatio.total, 1)
assert.ok(cache.profiling.getAvg > 0)
const double = cached(async (n) => n * 2, { cache })
assert.equal(await double(21), 42)
console.log('✓ the built package imports and runs in Node')
