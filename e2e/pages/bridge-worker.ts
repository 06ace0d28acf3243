// A dedicated Web Worker whose IndexedDB cache is bridged to the page's inspector.
import { type BridgedCommand, runBridgedTask } from './bridge-task.js'

self.onmessage = async (event: MessageEvent<BridgedCommand>) => {
  event.ports[0]!.postMessage(await runBridgedTask(undefined, event.data))
}
