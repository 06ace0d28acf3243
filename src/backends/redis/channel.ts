import type { RedisClientType } from 'redis'
import type { BackendChannel, ChannelHandlers } from '../backend.js'

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
  const line = new LineState(handlers)
  const { set, listener } = line
  let subscribed = false
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
  // Notices are published on the command connection, after the write they announce.
  return line.channel({ ordered: true, post: (message) => publish(name, message), started, subscriber })
}

/**
 * What both Redis lines (one server, a cluster) keep: whether the line is open, a listener that hands each
 * message on parsed (`undefined` when it is not JSON), and the {@link BackendChannel} they give out.
 */
export class LineState {
  open = false
  closed = false
  readonly #handlers: ChannelHandlers

  constructor(handlers: ChannelHandlers) {
    this.#handlers = handlers
  }

  /** Opens or closes the line, reporting a change both ways; a line once closed for good stays so. */
  readonly set = (now: boolean): void => {
    if (this.open === now || this.closed) return
    this.open = now
    this.#handlers.reset(now)
  }

  readonly listener = (message: string): void => {
    let data: unknown
    try {
      data = JSON.parse(message)
    } catch {
      data = undefined
    }
    this.#handlers.message(data)
  }

  /** The channel over this line: `post` publishes JSON; `close` waits for `started`, then closes `subscriber`. */
  channel(line: {
    ordered: boolean
    post: (message: string) => Promise<unknown>
    started: Promise<unknown>
    subscriber: { readonly isOpen: boolean; close(): Promise<unknown> }
  }): BackendChannel {
    const isOpen = () => this.open
    const closeForGood = () => void (this.closed = true)
    return {
      get open() {
        return isOpen()
      },
      ordered: line.ordered,
      post: async (message) => void (await line.post(JSON.stringify(message))),
      async close() {
        closeForGood()
        await line.started
        if (line.subscriber.isOpen) await line.subscriber.close()
      },
    }
  }
}
