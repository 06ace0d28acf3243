import { RESP_TYPES, type RedisClusterType, createCluster } from 'redis'
import { BackendError } from '../../core/errors.js'
import type { BackendChannel, ChannelHandlers } from '../backend.js'
import { openClusterChannel } from './cluster-channel.js'
import { type RedisArgs, type RedisLink, type RedisNode, type RedisReply, linkError } from './link.js'
import { groupBySlot } from './slot.js'

/** The part of a cluster client commands go through (the client itself, or a view with other reply types). */
interface ClusterSender {
  sendCommand(firstKey: string | undefined, isReadonly: boolean, args: RedisArgs): Promise<RedisReply>
}

/** The client of one node of a cluster. */
type NodeClient = Awaited<ReturnType<RedisClusterType['nodeClient']>>

/** The part of a node's client commands go through. */
interface Sender {
  sendCommand(args: RedisArgs): Promise<RedisReply>
}

/** Where a command names its first key, learned once per command name from `COMMAND INFO`. */
interface KeyPosition {
  /** Index of the first key in the arguments, `0` for none. */
  first: number
  /** The keys move with the arguments (EVAL, ZUNION…) or sit behind a subcommand: ask `COMMAND GETKEYS`. */
  movable: boolean
}

// A node answers TRYAGAIN to a transaction while a resharding has moved part of its keys: retry briefly.
const TRY_AGAIN_DELAYS = [10, 20, 40, 80, 160, 320]
// How long a node may be unreachable before the client asks the cluster who serves its slots now.
const TOPOLOGY_REFRESH_AFTER = 500

/**
 * The connection behind a `RedisBackend` on a Redis Cluster, through node-redis's cluster client: it learns the
 * slots from any seed node, sends each command to the master of its key's slot, follows MOVED and ASK
 * redirections, and re-learns the slots when a node stops answering (a failover). Like one server, it connects on
 * first use, fails fast with a `BackendError` naming the nodes tried when none answers, and never queues commands
 * for a node that is down.
 */
export class RedisClusterConnection implements RedisLink {
  readonly url: string
  readonly #seeds: readonly URL[]
  readonly #binary: boolean
  readonly #positions = new Map<string, KeyPosition>()
  readonly #views = new WeakMap<NodeClient, [Sender, Sender]>()
  #cluster: RedisClusterType | undefined
  #ready: Promise<RedisClusterType> | undefined
  #values: ClusterSender | undefined
  #exact: ClusterSender | undefined

  /** `seeds`: URLs of some nodes of the cluster (one is enough to learn the rest), all with one scheme and user. */
  constructor(seeds: readonly URL[], binary = false) {
    this.#seeds = seeds
    this.#binary = binary
    const [first, ...more] = seeds.map((seed) => seed.host)
    const tls = seeds[0]!.protocol === 'rediss:'
    this.url = `${tls ? 'rediss' : 'redis'}+cluster://${first}${more.length > 0 ? `?nodes=${more.join(',')}` : ''}`
  }

  /**
   * Sends straight to the client of the master node-redis has for the key's slot; only a command that comes back
   * redirected (MOVED, ASK) takes node-redis's routed path, which follows the redirection and re-learns the slots.
   */
  async send(key: string, args: RedisArgs, exactNumbers = false): Promise<RedisReply> {
    const cluster = await this.#connect()
    try {
      return await this.#view(await cluster.getNodeClientForKey(key), exactNumbers).sendCommand(args)
    } catch (error) {
      if (!/^(MOVED|ASK) /.test(String((error as Error).message))) throw this.error(String(args[0]), error)
    }
    try {
      return await (exactNumbers ? this.#exact! : this.#values!).sendCommand(key, false, args)
    } catch (error) {
      throw this.error(String(args[0]), error)
    }
  }

  async transaction(key: string, commands: RedisArgs[]): Promise<RedisReply[]> {
    const cluster = await this.#connect()
    const sender = this.#binary ? cluster.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) : cluster
    const replies = await this.#tryAgain('MULTI', () => {
      const multi = sender.multi(key)
      for (const args of commands) multi.addCommand(key, false, args)
      return multi.exec()
    })
    return replies as RedisReply[]
  }

  groups(keys: readonly string[]): number[][] | undefined {
    const groups = groupBySlot(keys)
    return groups.length > 1 ? groups : undefined
  }

  /** Every master, in address order, each reached directly (SCAN and FLUSHDB are per node). */
  async nodes(): Promise<RedisNode[]> {
    const cluster = await this.#connect()
    const masters = [...cluster.masters].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    return masters.map((master) => ({
      address: master.address,
      send: async (args) => {
        try {
          return await (await cluster.nodeClient(master)).sendCommand(args)
        } catch (error) {
          throw this.error(`${String(args[0])} on ${master.address}`, error)
        }
      },
    }))
  }

  /** Sends the command to the master of its first key (found through `COMMAND INFO`); keyless ones as node-redis routes them. */
  async raw(args: RedisArgs): Promise<RedisReply> {
    const cluster = await this.#connect()
    const key = await this.#firstKey(cluster, args)
    try {
      return await this.#values!.sendCommand(key, false, args)
    } catch (error) {
      throw this.error(String(args[0]), error)
    }
  }

  /** Sharded pub/sub on channel `pycached:tiers:0`: SPUBLISH to its slot's master, SSUBSCRIBE on a client of its own. */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    const publish = (channel: string, message: string) => this.send(channel, ['SPUBLISH', channel, message])
    // Reconnects for as long as the line is open; it opens no connection but its subscription's.
    const subscriber = createCluster({ ...this.#options(() => true), minimizeConnections: true })
    subscriber.on('error', () => {})
    return openClusterChannel('pycached:tiers:0', subscriber, publish, handlers)
  }

  error(what: string, cause: unknown): BackendError {
    return linkError(this.url, what, cause)
  }

  async close(): Promise<void> {
    const ready = this.#ready
    this.#ready = undefined
    if (!ready) return
    await ready.catch(() => undefined)
    if (this.#cluster?.isOpen) await this.#cluster.close()
    this.#cluster = undefined
  }

  /** `client` with this link's reply types (bytes for values in binary mode, integers as text when exact). */
  #view(client: NodeClient, exactNumbers: boolean): Sender {
    let views = this.#views.get(client)
    if (views === undefined) {
      const values = this.#binary ? { [RESP_TYPES.BLOB_STRING]: Buffer } : {}
      views = [
        (this.#binary ? client.withTypeMapping(values) : client) as unknown as Sender,
        client.withTypeMapping({ ...values, [RESP_TYPES.NUMBER]: String }) as unknown as Sender,
      ]
      this.#views.set(client, views)
    }
    return views[exactNumbers ? 1 : 0]
  }

  async #tryAgain(what: string, command: () => Promise<RedisReply>): Promise<RedisReply> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await command()
      } catch (error) {
        const delay = TRY_AGAIN_DELAYS[attempt]
        if (delay === undefined || !String((error as Error).message).startsWith('TRYAGAIN')) {
          throw this.error(what, error)
        }
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
  }

  async #firstKey(cluster: RedisClusterType, args: RedisArgs): Promise<string | undefined> {
    const name = String(args[0]).toLowerCase()
    let position = this.#positions.get(name)
    if (position === undefined) {
      const reply: unknown = await cluster.sendCommand(undefined, true, ['COMMAND', 'INFO', name]).catch((error) => {
        throw this.error('COMMAND INFO', error)
      })
      // [name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands], or null.
      const [info] = reply as [[string, number, string[], number, ...unknown[]] | null]
      const subcommands = (info?.[9] ?? []) as unknown[]
      position = { first: info?.[3] ?? 0, movable: !!info?.[2].includes('movablekeys') || subcommands.length > 0 }
      this.#positions.set(name, position)
    }
    if (position.movable) {
      const keys = await cluster.sendCommand(undefined, true, ['COMMAND', 'GETKEYS', ...args]).catch(() => [])
      return (keys as string[])[0]
    }
    return position.first > 0 && args[position.first] !== undefined ? String(args[position.first]) : undefined
  }

  #connect(): Promise<RedisClusterType> {
    return (this.#ready ??= this.#open().catch((error: unknown) => {
      // The next command tries again from scratch.
      this.#ready = undefined
      throw error
    }))
  }

  /**
   * The cluster client's options: the seeds, and for every node connection their credentials, no offline queue
   * and a reconnection strategy that gives up at once while `keepTrying()` is false.
   */
  #options(keepTrying: () => boolean) {
    const [seed] = this.#seeds
    return {
      rootNodes: this.#seeds.map((url) => ({ url: url.href })),
      // What every node connection uses; node-redis takes nothing else from the seeds for the nodes it discovers.
      defaults: {
        ...(seed!.username && { username: decodeURIComponent(seed!.username) }),
        ...(seed!.password && { password: decodeURIComponent(seed!.password) }),
        // Commands for a node that is down fail at once instead of queueing past their timeout.
        disableOfflineQueue: true,
        socket: {
          connectTimeout: 2000,
          ...(seed!.protocol === 'rediss:' && { tls: true as const }),
          reconnectStrategy: (retries: number, cause: Error) =>
            keepTrying() ? Math.min(50 * 2 ** retries, 1000) : cause,
        },
      },
      topologyRefreshOnReconnectionAttemptStrategy: TOPOLOGY_REFRESH_AFTER,
    }
  }

  async #open(): Promise<RedisClusterType> {
    let connected = false
    let lastError: unknown
    // Unreachable at start: give up at once. Lost later: keep reconnecting while the cluster re-learns its slots.
    const cluster: RedisClusterType = createCluster(this.#options(() => connected))
    // node-redis emits connection errors as events; without a listener they would crash the process.
    cluster.on('error', (error: unknown) => (lastError = error))
    try {
      await cluster.connect()
    } catch (error) {
      // Connections to nodes found before the failure would keep the process alive.
      cluster.destroy()
      const tried = this.#seeds.map((url) => url.host).join(', ')
      const reason = [error, lastError]
        .filter((e, i) => e !== undefined && (i === 0 || e !== error))
        .map((e) => (e instanceof Error ? e.message : String(e)))
        .join(': ')
      throw new BackendError(`Redis Cluster unreachable (nodes tried: ${tried}): ${reason}`, { cause: error })
    }
    connected = true
    this.#cluster = cluster
    const values = this.#binary ? { [RESP_TYPES.BLOB_STRING]: Buffer } : {}
    this.#values = (this.#binary ? cluster.withTypeMapping(values) : cluster) as unknown as ClusterSender
    this.#exact = cluster.withTypeMapping({ ...values, [RESP_TYPES.NUMBER]: String }) as unknown as ClusterSender
    return cluster
  }
}
