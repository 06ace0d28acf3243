// The plugins example: hit ratio and timing plugins, plus a custom one, on a namespaced memory cache.
import { BasePlugin, Cache, HitMissRatioPlugin, TimingPlugin } from '../src/index.js'
import type { PostContext, PreContext } from '../src/index.js'

export class MyCustomPlugin extends BasePlugin {
  readonly seen: string[] = []

  override async preSet(ctx: PreContext<'set'>) {
    this.seen.push(`I'm the preSet hook being called with ${ctx.key} ${String(ctx.value)}`)
  }

  override async postSet(ctx: PostContext<'set'>) {
    this.seen.push(`I'm the postSet hook being called with ${ctx.key} (took ${ctx.took.toFixed(3)} ms)`)
  }
}

export const cache = new Cache({
  plugins: [new HitMissRatioPlugin(), new TimingPlugin(), new MyCustomPlugin()],
  namespace: 'main',
})

export async function run(): Promise<void> {
  await cache.set('a', '1')
  await cache.set('b', '2')
  await cache.set('c', '3')
  await cache.set('d', '4')

  const possibleKeys = ['a', 'b', 'c', 'd', 'e', 'f']
  for (let t = 0; t < 1000; t++) {
    await cache.get(possibleKeys[Math.floor(Math.random() * possibleKeys.length)]!)
  }

  console.assert(cache.hitMissRatio.hitRatio > 0.5)
  console.assert(cache.hitMissRatio.total === 1000)
  console.assert(cache.profiling.getMin! > 0)
  console.assert(cache.profiling.setMin! > 0)
  console.assert(cache.profiling.getMax! > 0)
  console.assert(cache.profiling.setMax! > 0)

  console.log(cache.hitMissRatio)
  console.log(cache.profiling)
}

export async function testRun(): Promise<void> {
  await run()
  await cache.delete('a')
  await cache.delete('b')
  await cache.delete('c')
  await cache.delete('d')
}

if (import.meta.url === `file://${process.argv[1]}`) await testRun()
