// A dedicated Web Worker running pycached on IndexedDB; answers each message with a WorkerReport.
import { workerTask } from './worker-task.js'

self.onmessage = async (event: MessageEvent<string>) => {
  self.postMessage(await workerTask(event.data).catch((error: unknown) => ({ error: String(error) })))
}
