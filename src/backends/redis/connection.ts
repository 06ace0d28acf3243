import { RESP_TYPES, type RedisClientType, createClient } from 'redis'
import type { BackendError } from '../../core/errors.js'
import type { BackendChannel, ChannelHandlers } from '../backend.js'
import { openRedisChannel } from './channel.js'
import { type RedisArgs, type RedisLink, type RedisNode, type RedisReply, linkError } from './link.js'

/** The part of a client commands go through (the client itself, or its binary-reply view). */
interface Sender {
  sendCommand(args: RedisArgs): Promise<RedisReply>
  multi(): { addCommand(args: RedisArgs): unknown; exec(): Promise<unknown> }
}

/**
 * The connection behind a `RedisBackend` on one server: connects on first use, fails fast with a `BackendError`
 * naming the URL when Redis is down (no offline queue, no endless first connect), reconnects in the background
 * after a loss.
 */
export class RedisConnection implements RedisLink {
  readonly url: string
  readonly #binary: boolean
  readonly #given: RedisClientType | undefined
  #client: RedisClientType | undefined
  #ready: Promise<Sender> | undefined
  #exact: Sender | undefined

  constructor(options: { url?: string; client?: RedisClientType; binary?: boolean }) {
    this.#given = options.client
    this.url = options.url ?? 'redis://127.0.0.1:6379'
    this.#binary = options.binary ?? false
  }

  async send(_key: string, args: RedisArgs, exactNumbers = false): Promise<RedisReply> {
    const client = await this.#connect()
    try {
      return await (exactNumbers ? this.#exact! : client).sendCommand(args)
    } catch (error) {
      throw this.error(`${String(args[0])}`, error)
    }
  }

  async transaction(_key: string, commands: RedisArgs[]): Promise<RedisReply[]> {
    const client = await this.#connect()
    try {
      const multi = client.multi()
      for (const args of commands) multi.addCommand(args)
      return (await multi.exec()) as RedisReply[]
    } catch (error) {
      throw this.error('MULTI', error)
    }
  }

  groups(): undefined {
    return undefined
  }

  /** The server, as one node without an address (its SCAN cursors need none). */
  async nodes(): Promise<RedisNode[]> {
    const client = await this.#connect()
    const send = (args: RedisArgs) =>
      client.sendCommand(args).catch((error: unknown) => Promise.reject(this.error(String(args[0]), error)))
    return [{ address: '', send }]
  }

  raw(args: RedisArgs): Promise<RedisReply> {
    return this.send('', args)
  }

  error(what: string, cause: unknown): BackendError {
    return linkError(this.url, what, cause)
  }

  /** Closes the connection this backend opened (a client passed in is left to its owner). */
  async close(): Promise<void> {
    const ready = this.#ready
    this.#ready = undefined
    if (!ready || this.#given) return
    await ready.catch(() => undefined)
    if (this.#client?.isOpen) await this.#client.close()
    this.#client = undefined
  }

  #connect(): Promise<Sender> {
    return (this.#ready ??= this.#open().catch((error: unknown) => {
      // The next command tries again from scratch.
      this.#ready = undefined
      throw this.error('connect', error)
    }))
  }

  async #open(): Promise<Sender> {
    const client = this.#given ?? this.#create()
    if (!client.isOpen) await client.connect()
    this.#client = client
    // Values as bytes for binary serializers; strings otherwise.
    const values = this.#binary ? { [RESP_TYPES.BLOB_STRING]: Buffer } : {}
    this.#exact = client.withTypeMapping({ ...values, [RESP_TYPES.NUMBER]: String }) as unknown as Sender
    return (this.#binary ? client.withTypeMapping(values) : client) as unknown as Sender
  }

  #create(): RedisClientType {
    let connected = false
    const client: RedisClientType = createClient({
      url: this.url,
      // Commands while disconnected fail at once instead of queueing past their timeout.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        // Down at start: give up at once with the cause. Lost later: keep reconnecting in the background.
        reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(50 * 2 ** retries, 1000) : cause),
      },
    })
    // node-redis emits connection errors as events; without a listener they would crash the process.
    client.on('error', () => {})
    client.on('ready', () => (connected = true))
    return client
  }

  /** Pub/sub on channel `pycached:tiers:<db>`: published on the command connection, heard on one of its own. */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    const publish = (channel: string, message: string) => this.send(channel, ['PUBLISH', channel, message])
    return openRedisChannel(`pycached:tiers:${this.database}`, this.subscriberClient(), publish, handlers)
  }

  /** The database index commands go to (pub/sub channels are server-wide, so names carry it). */
  get database(): number {
    const given = this.#given?.options
    if (given?.database !== undefined) return given.database
    const path = new URL(given?.url ?? this.url).pathname.slice(1)
    return path === '' ? 0 : Number(path)
  }

  /** A new client to the same server for a subscriber connection; it keeps reconnecting in the background. */
  subscriberClient(): RedisClientType {
    const client: RedisClientType = this.#given
      ? this.#given.duplicate()
      : createClient({
          url: this.url,
          socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) },
        })
    client.on('error', () => {})
    return client
  }

  /** The open client, if any (for `raw` users who need the client itself). */
  get client(): RedisClientType | undefined {
    return this.#client ?? this.#given
  }
}
