// A small shop page as an app would write it: a memory tier over IndexedDB, a cached fetch, a watched counter, the
// inspector, and a worker whose cache the inspector watches through the bridge.
import {
  Cache,
  CommandEventsPlugin,
  HitMissRatioPlugin,
  IndexedDBBackend,
  MemoryBackend,
  TieredBackend,
  TimingPlugin,
  cached,
} from 'pycached'
import 'pycached/inspector'

interface Product {
  id: number
  name: string
}

const products = new Cache<unknown>({
  backend: new TieredBackend([new MemoryBackend({ maxSize: 100 }), new IndexedDBBackend({ dbName: 'shop' })]),
  namespace: 'products',
  ttl: 60_000,
  // The statistics the inspector reads, and the events its log and keys view follow.
  plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
})

async function fetchProduct(id: number): Promise<Product> {
  return { id, name: `product ${id}` }
}

const getProduct = cached(fetchProduct, { cache: products, name: 'fetchProduct' })

function show(id: string, text: string): void {
  document.getElementById(id)!.textContent = text
}

const inspector = document.querySelector('pycached-inspector')!
inspector.cache = products

// The code of watches loads on this first watch; the visit counted below, or in another tab, shows up here.
products.watch('visits', (change) => show('watched', `${change.origin} ${String(change.value)}`))

const visits = await products.increment('visits')
show('visits', String(visits))
const product = await getProduct(1)
await getProduct(1)
show('product', product.name)
show('keys', (await products.keys()).sort().join(' '))
try {
  cached(fetchProduct, { cache: products })
  show('unnamed', 'accepted')
} catch (error) {
  show('unnamed', `${(error as Error).name}: ${(error as Error).message}`)
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
worker.addEventListener('message', (event: MessageEvent<string>) => show('worker', event.data))
