// The plugins guide's example of watching a busy cache cheaply (docs/guide/plugins.md): a synchronous plugin,
// latency percentiles and histogram, and command records in batches.
import { BasePlugin, Cache, CommandEventsPlugin, TimingPlugin } from '../src/index.js'
import type { CommandRecord } from '../src/index.js'

class CountWrites extends BasePlugin {
  override readonly synchronous = true // no hook returns a promise: the pipeline calls them inline
  writes = 0
  override postSet() {
    this.writes++
  }
}

const timing = new TimingPlugin()
const events = new CommandEventsPlugin()
const batches: (readonly CommandRecord[])[] = []
events.addEventListener('commands', (event) => batches.push(event.records)) // one event per frame or task
const writes = new CountWrites()
const cache = new Cache({ plugins: [timing, events, writes] })
await cache.set('a', 1)
for (let i = 0; i < 100; i++) await cache.get(i % 2 ? 'a' : 'b')
const p95 = timing.percentile('get', 95) // ms, exact, over the last 1,024 gets
const { bounds, counts } = timing.histogram('get') // counts[i] gets took from bounds[i - 1] up to bounds[i] ms

export { batches, bounds, cache, counts, events, p95, writes }
