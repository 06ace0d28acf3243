// A service worker whose IndexedDB cache is bridged to the page's inspector.
import { type BridgedCommand, runBridgedTask } from './bridge-task.js'

// The service worker's own events, typed just enough (the DOM library describes pages, not workers).
interface WaitEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}
const scope = self as unknown as {
  addEventListener(type: 'install' | 'activate', listener: (event: WaitEvent) => void): void
  addEventListener(type: 'message', listener: (event: WaitEvent & MessageEvent<BridgedCommand>) => void): void
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
}
scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()))
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()))
scope.addEventListener('message', (event) => {
  event.waitUntil(runBridgedTask(undefined, event.data).then((answer) => event.ports[0]!.postMessage(answer)))
})
