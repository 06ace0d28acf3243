// The page of e2e/bridge.spec.ts. With `?role=inspector` it shows an inspector over a cache of its own and can
// start a Web Worker or a service worker whose caches are bridged; with `?role=tab` it is another tab with a
// bridged cache and no inspector.
import * as pycached from '../../src/index.js'
import '../../inspector/index.js'
import type { BridgedCommand } from './bridge-task.js'
import { runBridgedTask } from './bridge-task.js'

const role = new URLSearchParams(location.search).get('role')
const inspector = document.querySelector('pycached-inspector')!

let worker: Worker | undefined
async function startWorker(): Promise<void> {
  worker = new Worker(new URL('./bridge-worker.ts', import.meta.url), { type: 'module' })
  await ask({ command: 'start', name: 'jobs' })
}

/** Sends one command to the worker (or the service worker) and waits for its answer. */
function ask(command: BridgedCommand, target: 'worker' | 'service worker' = 'worker'): Promise<unknown> {
  const channel = new MessageChannel()
  const answer = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)))
  if (target === 'worker') worker!.postMessage(command, [channel.port2])
  else navigator.serviceWorker.controller!.postMessage(command, [channel.port2])
  return answer
}

async function startServiceWorker(): Promise<void> {
  await navigator.serviceWorker.register(new URL('./bridge-service-worker.ts', import.meta.url), { type: 'module' })
  await navigator.serviceWorker.ready
  if (!navigator.serviceWorker.controller)
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    )
  await ask({ command: 'start', name: 'offline' }, 'service worker')
}

/** Runs the docs' bridge example (examples/bridge-worker.ts) in a Web Worker, as written. */
function startExample(): void {
  new Worker(new URL('../../examples/bridge-worker.ts', import.meta.url), { type: 'module' })
}

if (role === 'inspector') {
  const own = new pycached.Cache({
    namespace: 'own',
    plugins: [new pycached.TimingPlugin(), new pycached.HitMissRatioPlugin(), new pycached.CommandEventsPlugin()],
  })
  inspector.cache = own
  Object.assign(globalThis, { own, startWorker, startServiceWorker, startExample, ask })
} else {
  inspector.remove()
  const tab = new pycached.Cache({ namespace: 'tab' })
  pycached.BridgePlugin.attach(tab, { name: 'other tab' })
  Object.assign(globalThis, { tab, run: (command: BridgedCommand) => runBridgedTask(tab, command) })
}
Object.assign(globalThis, { pycached })
document.getElementById('status')!.textContent = 'ready'
