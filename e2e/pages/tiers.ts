// The page side of e2e/tiers.spec.ts: the page's tiered cache, a worker with another one, and how the page was
// last shown (the test of the back/forward cache reads it).
import * as pycached from '../../src/index.js'
import { type TierCommand, backend, cache, run } from './tier-context.js'

const worker = new Worker(new URL('./tier-worker.ts', import.meta.url), { type: 'module' })

/** Runs a command in the worker's context. */
function inWorker(command: TierCommand): Promise<unknown> {
  const channel = new MessageChannel()
  const answer = new Promise<unknown>((resolve, reject) => {
    channel.port1.onmessage = ({ data }: MessageEvent<{ reply?: unknown; error?: string }>) =>
      data.error === undefined ? resolve(data.reply) : reject(new Error(data.error))
  })
  worker.postMessage(command, [channel.port2])
  return answer
}

const shows: boolean[] = []
addEventListener('pageshow', (event) => shows.push(event.persisted))

Object.assign(globalThis, { pycached, tiers: { backend, cache, run, inWorker, shows } })
document.getElementById('status')!.textContent = 'ready'
