// A dedicated worker with its own tiered cache on the shared store; answers each command on the port it came with.
import { type TierCommand, run } from './tier-context.js'

self.onmessage = (event: MessageEvent<TierCommand>) => {
  void run(event.data).then(
    (reply) => event.ports[0]!.postMessage({ reply }),
    (error: unknown) => event.ports[0]!.postMessage({ error: String(error) }),
  )
}
