// Starts pycached in a dedicated worker and in a service worker, for e2e/workers.spec.ts.
import * as pycached from '../../src/index.js'
import type { WorkerReport } from './worker-task.js'

async function inDedicatedWorker(name: string): Promise<WorkerReport> {
  const worker = new Worker(new URL('./dedicated-worker.ts', import.meta.url), { type: 'module' })
  const report = await new Promise<WorkerReport>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerReport>) => resolve(event.data)
    worker.onerror = (event) => reject(new Error(event.message))
    worker.postMessage(name)
  })
  worker.terminate()
  return report
}

async function inServiceWorker(name: string): Promise<WorkerReport> {
  const registration = await navigator.serviceWorker.register(new URL('./service-worker.ts', import.meta.url), {
    type: 'module',
  })
  const worker = registration.installing ?? registration.waiting ?? registration.active
  if (!worker) throw new Error('no service worker')
  if (worker.state !== 'activated') {
    await new Promise<void>((resolve) =>
      worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
    )
  }
  const channel = new MessageChannel()
  const report = new Promise<WorkerReport>((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)))
  worker.postMessage(name, [channel.port2])
  return report
}

Object.assign(globalThis, { pycached, workers: { inDedicatedWorker, inServiceWorker } })
document.getElementById('status')!.textContent = 'ready'
