// A service worker running pycached on IndexedDB; answers each message on the port it came with.
import { workerTask } from './worker-task.js'

self.addEventListener('message', (event) => {
  const { data, ports } = event as MessageEvent<string>
  void workerTask(data)
    .catch((error: unknown) => ({ error: String(error) }))
    .then((report) => ports[0]!.postMessage(report))
})
