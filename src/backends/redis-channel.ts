import type { RedisClientType } from 'redis'
import type { BackendChannel, ChannelHandlers } from './backend.js'

/**
 * A line between the processes that use one Redis database, over Redis pub/sub on channel `name`: notices are
 * JSON, published on the command connection and heard on a subscriber connection of their own. The line is open
 * from the moment the subscription is confirmed; while the subscriber is disconnected it is closed (and a reset
 * is reported both ways), since what was published meanwhile is lost.
 */
export function openRedisChannel(
  name: string,
  subscriber: RedisClientType,
  publish: (channel: string, message: string) => Promise<unknown>,
  handlers: ChannelHandlers,
): BackendChannel {
  let open = false
  let subscribed = false
  let closed = false
  const set = (now: boolean) => {
    if (open === now || closed) return
    open = now
    handlers.reset(now)
  }
  const listener = (message: string) => {
    let data: unknown
    try {
      data = JSON.parse(message)
    } catch {
      data = undefined
    }
    handlers.message(data)
  }
  // node-redis re-subscribes before it reports 'ready' again after a reconnection.
  subscriber.on('ready', () => subscribed && set(true))
  subscriber.on('end', () => set(false))
  subscriber.on('reconnecting', () => set(false))
  subscriber.on('error', () => !subscriber.isReady && set(false))
  const started = (async () => {
    await subscriber.connect()
    await subscriber.subscribe(name, listener)
    subscribed = true
    if (subscriber.isReady) set(true)
  })().catch(() => set(false))
  return {
    get open() {
      return open
    },
    // Notices are published on the command connection, after the write they announce.
    ordered: true,
    post: async (message) => void (await publish(name, JSON.stringify(message))),
    async close() {
      closed = true
      await started
      if (subscriber.isOpen) await subscriber.close()
    },
  }
}
