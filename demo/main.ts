import { Cache, HitMissRatioPlugin, TimingPlugin } from '../src/index.js'

const timing = new TimingPlugin()
const ratio = new HitMissRatioPlugin()
const cache = new Cache<string>({ namespace: 'demo', ttl: 30_000, plugins: [ratio, timing] })

const text = (id: string, value: string) => {
  document.getElementById(id)!.textContent = value
}

function render(): void {
  text('hit-ratio', `${(cache.hitMissRatio.hitRatio * 100).toFixed(1)} %`)
  text('total', String(cache.hitMissRatio.total))
  text('get-avg', cache.profiling.getAvg?.toFixed(3) ?? '–')
}

ratio.addEventListener('hitmissratio', render)

document.getElementById('load')!.addEventListener('click', async () => {
  await cache.multiSet([['a', '1'], ['b', '2'], ['c', '3'], ['d', '4']])
  const keys = ['a', 'b', 'c', 'd', 'e', 'f']
  for (let i = 0; i < 1000; i++) await cache.get(keys[Math.floor(Math.random() * keys.length)]!)
})
document.getElementById('clear')!.addEventListener('click', () => void cache.clear())

Object.assign(globalThis, { cache })
