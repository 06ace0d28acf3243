import type { BackendChannel, ChannelHandlers } from '../backend.js'
import { LineState } from './channel.js'

/** What the line needs of a node-redis cluster client. */
interface Subscriber {
  readonly isOpen: boolean
  on(event: string, listener: (...args: unknown[]) => void): unknown
  connect(): Promise<unknown>
  sSubscribe(channel: string, listener: (message: string) => void): Promise<void>
  close(): Promise<unknown>
}

// How long to wait before trying again to reach a cluster that did not answer.
const RETRY_AFTER = 1000

/**
 * A line between the processes that use one Redis Cluster, over sharded pub/sub on channel `name`: notices are
 * JSON, published with SPUBLISH to the master of the channel's slot and heard with SSUBSCRIBE on a cluster client
 * of their own, whose only node connection is that subscription. The line is open from the moment a subscription
 * is confirmed; while that connection is down (its master failing over, say) it is closed, and a reset is reported
 * both ways, since what was published meanwhile is lost. Once the subscription is back (on the new master after a
 * failover), the line opens again.
 */
export function openClusterChannel(
  name: string,
  subscriber: Subscriber,
  publish: (channel: string, message: string) => Promise<unknown>,
  handlers: ChannelHandlers,
): BackendChannel {
  const line = new LineState(handlers)
  const { set, listener } = line
  let connected = false
  // Subscribing again is harmless (one listener, one subscription), and its reply is what proves the line is up.
  const subscribe = () =>
    subscriber.sSubscribe(name, listener).then(
      () => set(true),
      () => set(false),
    )
  // The subscriber's only node connections are its subscriptions: any of them going down closes the line.
  subscriber.on('node-disconnect', () => set(false))
  subscriber.on('node-reconnecting', () => set(false))
  subscriber.on('sharded-channel-moved-error', () => set(false))
  subscriber.on('node-ready', () => connected && void subscribe())
  const started = (async () => {
    while (!line.closed) {
      try {
        await subscriber.connect()
        connected = true
        await subscribe()
        return
      } catch {
        // Unreachable for now: the cluster client gives up on a first connect, so try again in a moment.
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER).unref())
      }
    }
  })()
  // SPUBLISH goes to the master of the channel's slot, a write to that of its key: a notice sent with the write
  // could overtake it, so it is sent once the write resolved.
  return line.channel({ ordered: false, post: (message) => publish(name, message), started, subscriber })
}
