import type { BackendChannel, ChannelHandlers } from './backend.js'

/** A line between the tabs, workers and service workers of an origin, over a `BroadcastChannel` named `name`. */
export function openBroadcastChannel(name: string, handlers: ChannelHandlers): BackendChannel {
  const channel = new BroadcastChannel(name)
  // In Node, an open channel would keep the process alive.
  ;(channel as { unref?: () => void }).unref?.()
  channel.onmessage = (event: MessageEvent) => handlers.message(event.data)
  // A message that cannot be deserialized here is not one of ours: it is heard as unreadable.
  channel.onmessageerror = () => handlers.message(undefined)
  return { open: true, post: (message) => channel.postMessage(message), close: () => channel.close() }
}
