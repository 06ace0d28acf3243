// The Redis backend. How a write flows: `set` checks and encodes its value (`storable`), then sends one command
// through the link (`link.ts`) to one server (`connection.ts`) or to the node owning the key's hash slot on a
// cluster (`cluster-connection.ts`, `slot.ts`); multi-key writes go as one MULTI per slot, tagged writes and
// counters as Lua scripts (`tags.ts`, `counter.ts`, `scripts.ts`); `scan.ts` walks every node; `channel.ts` and
// `cluster-channel.ts` carry the tiers' notices between processes over pub/sub; `options.ts` checks the options.
import { ErrorReply } from 'redis'
import { BackendError, SerializationError } from '../../core/errors.js'
import type { KeyBuilder } from '../../core/types.js'
import { JsonSerializer } from '../../serializers/json.js'
import {
  type Backend,
  type BackendChannel,
  type ChannelHandlers,
  type Codec,
  type ScanPage,
  type StoredEntry,
  addToCounter,
  loadCounter,
} from '../backend.js'
import { KeyedQueue, storesDecimals } from './counter.js'
import { type RedisArgs, type RedisLink, isReply, runScript } from './link.js'
import { type RedisBackendOptions, redisLink } from './options.js'
import { scanNodes, scanNodesPage } from './scan.js'
import { COMPARE_AND_SWAP, PERSIST_EXISTING } from './scripts.js'
import { invalidateTagged, retag, setTagged, taggedSet } from './tags.js'

export type { RedisBackendOptions } from './options.js'

const SCAN_BATCH = 500
// Compare-and-swap rounds one increment may lose to other processes before it gives up.
const MAX_SWAPS = 1000
const AS_IS: Codec = { dumps: (value) => value, loads: (raw) => raw }

function px(ttl: number | undefined): string[] {
  return ttl === undefined || ttl === 0 || ttl === Infinity ? [] : ['PX', String(Math.max(1, Math.ceil(ttl)))]
}

function storable(key: string, value: unknown, binary: boolean): string | Buffer {
  if (typeof value === 'string') {
    if (value.isWellFormed()) return value
    // Redis keeps UTF-8, where a lone surrogate would come back as U+FFFD.
    throw new SerializationError(
      `Redis stores text as UTF-8, but the value of ${JSON.stringify(key)} serialized to a string with lone surrogates`,
    )
  }
  if (value instanceof Uint8Array) {
    if (binary) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    throw new SerializationError(
      `the value of ${JSON.stringify(key)} serialized to bytes, which this Redis backend would give back as text; use binary: true`,
    )
  }
  // A number would come back as a string: only a serializer can tell how to read it back.
  throw new SerializationError(
    `Redis stores strings or bytes, but the value of ${JSON.stringify(key)} serialized to ${value === null ? 'null' : typeof value}; use a serializer such as JsonSerializer`,
  )
}

function loaded(reply: unknown): unknown {
  if (reply === null || reply === undefined) return undefined
  return Buffer.isBuffer(reply) ? new Uint8Array(reply.buffer, reply.byteOffset, reply.byteLength) : reply
}

/** Whether an integer Redis counted with is within ±`Number.MAX_SAFE_INTEGER`, where numbers are exact. */
function isSafe(value: bigint): boolean {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)
}

/** Keys of a namespace in one hash slot: `{namespace}:key`. */
const hashTagKeys: KeyBuilder = (key, namespace) => (namespace ? `{${namespace}}:${key}` : key)

/**
 * A shared, multi-process backend on Redis through the `redis` (node-redis) client, as aiocache's RedisCache:
 * `add` is `SET NX`, `increment` is `INCRBY`, TTLs are `PX`/`PEXPIRE`/`PTTL`/`PERSIST`, `multiSet` runs in
 * `MULTI`, namespaces are cleared with `SCAN` + `UNLINK`. Caches on it serialize with JSON unless told otherwise.
 * On a Redis Cluster (`cluster`), multi-key commands run once per hash slot, and `clear`, `keys` and `entries`
 * walk every master. Node only: import it from `pycached/redis`.
 *
 * @example
 * const cache = new Cache({ backend: new RedisBackend({ url: 'redis://localhost:6379/0' }), namespace: 'api' })
 * const sharded = new Cache({ backend: new RedisBackend({ cluster: ['redis://10.0.0.1:7000'] }), namespace: 'api' })
 */
export class RedisBackend implements Backend {
  readonly name = 'redis'
  readonly defaultSerializer: Codec = JsonSerializer
  /** `{namespace}:key` with `hashTag: true`, so a cache builds keys that keep a namespace in one slot. */
  readonly keyBuilder: KeyBuilder | undefined
  readonly #redis: RedisLink
  readonly #binary: boolean
  readonly #counters = new KeyedQueue()

  constructor(options: RedisBackendOptions = {}) {
    this.#redis = redisLink(options)
    this.#binary = options.binary ?? false
    this.keyBuilder = options.hashTag ? hashTagKeys : undefined
  }

  /** Where Redis is: the server's URL, or for a cluster `redis+cluster://host:port?nodes=host:port,…` (no password). */
  get url(): string {
    return this.#redis.url
  }

  /** With `binary: true`, text comes back as its UTF-8 bytes; everything else as it was stored. */
  readBack(stored: unknown): unknown {
    return this.#binary && typeof stored === 'string' ? new Uint8Array(Buffer.from(stored)) : stored
  }

  async get(key: string): Promise<unknown> {
    return loaded(await this.#redis.send(key, ['GET', key]))
  }

  /** One MGET, or on a cluster one per hash slot, in parallel. */
  async multiGet(keys: readonly string[]): Promise<unknown[]> {
    if (keys.length === 0) return []
    const groups = this.#redis.groups(keys)
    if (groups === undefined) return (await this.#mget(keys)).map(loaded)
    const values = new Array<unknown>(keys.length)
    await Promise.all(
      groups.map(async (group) => {
        const found = await this.#mget(group.map((i) => keys[i]!))
        group.forEach((index, i) => (values[index] = loaded(found[i])))
      }),
    )
    return values
  }

  /** With `tags`, one script: the value, its tags and the tag sets at once (see `tags.ts`). */
  async set(key: string, value: unknown, ttl: number | undefined, tags?: readonly string[]): Promise<void> {
    const stored = storable(key, value, this.#binary)
    if (tags) return setTagged(this.#redis, key, stored, px(ttl)[1] ?? '', tags)
    await this.#redis.send(key, ['SET', key, stored, ...px(ttl)])
  }

  /** One MULTI, or on a cluster one per hash slot: all or nothing within each slot. */
  async multiSet(
    pairs: readonly (readonly [string, unknown])[],
    ttl: number | undefined,
    tags?: readonly string[],
  ): Promise<void> {
    if (pairs.length === 0) return
    // Every value is checked before anything is sent.
    const commands = pairs.map(([key, value]): RedisArgs => {
      const stored = storable(key, value, this.#binary)
      return tags ? taggedSet(this.#redis, key, stored, px(ttl)[1] ?? '', tags) : ['SET', key, stored, ...px(ttl)]
    })
    const groups = this.#redis.groups(pairs.map(([key]) => key))
    if (groups === undefined) await this.#redis.transaction(pairs[0]![0], commands)
    else
      await Promise.all(
        groups.map((group) =>
          this.#redis.transaction(
            pairs[group[0]!]![0],
            group.map((i) => commands[i]!),
          ),
        ),
      )
  }

  /** One script on one server; on a cluster, one per hash slot holding the tags' sets (atomic per slot). */
  async invalidateTags(tags: readonly string[]): Promise<string[]> {
    return invalidateTagged(this.#redis, tags)
  }

  async add(key: string, value: unknown, ttl: number | undefined): Promise<boolean> {
    return (await this.#redis.send(key, ['SET', key, storable(key, value, this.#binary), 'NX', ...px(ttl)])) !== null
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#redis.send(key, ['EXISTS', key])) === 1
  }

  async delete(key: string): Promise<number> {
    return (await this.#redis.send(key, ['DEL', key])) as number
  }

  async increment(key: string, delta: number, codec: Codec): Promise<number> {
    const next = await this.#increment(key, delta, codec)
    // A tagged counter keeps its tags: its hidden hash learns the new value.
    await retag(this.#redis, key)
    return next
  }

  async #increment(key: string, delta: number, codec: Codec): Promise<number> {
    // INCRBY when the serializer stores integers as decimal text (JSON, String) and the stored form is one.
    if (storesDecimals(codec)) {
      const reply = await this.#redis.send(key, ['INCRBY', key, String(delta)], true).catch((error: unknown) => {
        // Redis refused to add (a stored form that is no decimal integer, e.g. JSON's "\"12\"", or a sum past 64
        // bits): count through the serializer instead, which tells a non-integer (TypeError) from a sum out of range
        // (RangeError) by itself. Known by the reply's kind, not its wording; a lost connection still fails.
        if (error instanceof BackendError && error.cause instanceof ErrorReply) return undefined
        throw error
      })
      if (reply !== undefined) {
        const result = BigInt(String(reply))
        const before = result - BigInt(delta)
        // Both ends in the safe-integer range: a stored 2^53 + 1 is no safe counter even when the sum is.
        if (isSafe(before) && isSafe(result)) return Number(result)
        // Otherwise undo, so the entry ends as it was, and refuse as every backend does.
        await this.#redis.send(key, ['DECRBY', key, String(delta)])
        return addToCounter(key, loadCounter(key, String(before), AS_IS), delta)
      }
    }
    return this.#counters.run(key, () => this.#incrementBySwap(key, delta, codec))
  }

  async compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined): Promise<boolean> {
    return this.#swap(key, expected, value, px(ttl)[1] ?? '')
  }

  async expire(key: string, ttl: number): Promise<boolean> {
    const [, ms] = px(ttl)
    const reply =
      ms === undefined
        ? await runScript(this.#redis, PERSIST_EXISTING, key, [])
        : await this.#redis.send(key, ['PEXPIRE', key, ms])
    return reply === 1
  }

  async ttl(key: string): Promise<number | undefined> {
    const reply = (await this.#redis.send(key, ['PTTL', key])) as number
    return reply === -2 ? undefined : reply === -1 ? Infinity : reply
  }

  /** SCAN over every master on a cluster. */
  async scan(prefix: string): Promise<StoredEntry[]> {
    const found: StoredEntry[] = []
    await scanNodes(await this.#redis.nodes(), prefix, SCAN_BATCH, async (keys) => {
      found.push(...(await this.#entries(keys)))
    })
    return found
  }

  /**
   * The cursor is SCAN's (followed by `@host:port` on a cluster, whose masters are walked one after another): a
   * page is one SCAN step of COUNT `limit`, whose count Redis treats as a hint.
   */
  async scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    const [next, keys] = await scanNodesPage(await this.#redis.nodes(), prefix, cursor, limit)
    return { entries: keys.length > 0 ? await this.#entries(keys) : [], cursor: next }
  }

  async peek(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return []
    const found = new Map((await this.#entries(keys)).map((entry) => [entry.key, entry]))
    return keys.map((key) => found.get(key))
  }

  /** FLUSHDB (on every master of a cluster) for `''`, else SCAN + UNLINK in batches, one UNLINK per hash slot. */
  async clear(prefix: string): Promise<void> {
    const nodes = await this.#redis.nodes()
    if (prefix === '') {
      await Promise.all(nodes.map((node) => node.send(['FLUSHDB'])))
      return
    }
    await scanNodes(nodes, prefix, SCAN_BATCH, async (keys) => {
      const groups = this.#redis.groups(keys) ?? [keys.map((_, i) => i)]
      await Promise.all(
        groups.map((group) =>
          this.#perSlot(
            'UNLINK',
            group.map((i) => keys[i]!),
          ),
        ),
      )
    })
  }

  /**
   * Sends any command to Redis, e.g. `raw('HSET', 'h', 'f', 'v')`; keys are not namespaced. On a cluster it goes
   * to the master of the command's first key; keyless commands go where node-redis sends them.
   */
  async raw(command: string, ...args: unknown[]): Promise<unknown> {
    return this.#redis.raw([command, ...args.map((arg) => (Buffer.isBuffer(arg) ? arg : String(arg)))])
  }

  async close(): Promise<void> {
    await this.#redis.close()
  }

  /**
   * Tells the other processes on this Redis of writes, for `TieredBackend`: pub/sub on channel `pycached:tiers:<db>`
   * on one server, heard on a subscriber connection of its own.
   */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    return this.#redis.openChannel(handlers)
  }

  /** The live entries of `keys` (MGET per slot and a PTTL for each, pipelined); keys gone in between are left out. */
  async #entries(keys: readonly string[]): Promise<StoredEntry[]> {
    // Expiries count from before the request: never later than Redis' own, so a copy made from one never
    // outlives its source.
    const now = Date.now()
    const [values, ttls] = await Promise.all([
      this.multiGet(keys),
      Promise.all(keys.map((key) => this.#redis.send(key, ['PTTL', key]) as Promise<number>)),
    ])
    const found: StoredEntry[] = []
    keys.forEach((key, i) => {
      // A key can expire between SCAN and MGET: then it is simply not listed.
      if (values[i] !== undefined && ttls[i]! !== -2)
        found.push({ key, raw: values[i], expiresAt: ttls[i]! >= 0 ? now + ttls[i]! : undefined })
    })
    return found
  }

  /** MGET of keys of one slot. */
  #mget(keys: readonly string[]): Promise<unknown[]> {
    return this.#perSlot('MGET', keys) as Promise<unknown[]>
  }

  /**
   * `command` (MGET, UNLINK) on keys of one slot at once; while a resharding has moved only part of that slot's
   * keys (TRYAGAIN), once per key instead, each following its own redirection. Replies come in key order.
   */
  async #perSlot(command: 'MGET' | 'UNLINK', keys: readonly string[]): Promise<unknown> {
    try {
      return await this.#redis.send(keys[0]!, [command, ...keys])
    } catch (error) {
      if (keys.length === 1 || !isReply(error, 'TRYAGAIN')) throw error
    }
    const each = await Promise.all(keys.map((key) => this.#redis.send(key, [command, key])))
    return command === 'MGET' ? each.map((reply) => (reply as unknown[])[0]) : each
  }

  #swap(key: string, expected: unknown, value: unknown, ttl: string): Promise<boolean> {
    const args: RedisArgs = [
      expected === undefined ? '1' : '0',
      expected === undefined ? '' : storable(key, expected, this.#binary),
      value === undefined ? '1' : '0',
      value === undefined ? '' : storable(key, value, this.#binary),
      ttl,
    ]
    return runScript(this.#redis, COMPARE_AND_SWAP, key, args).then((reply) => reply === 1)
  }

  /**
   * Increment through the serializer: read, add in JavaScript, write back with compare-and-swap (keeping the
   * TTL), again while another client changed the value in between. Calls for one key run one at a time here,
   * so only other processes can make a swap fail.
   */
  async #incrementBySwap(key: string, delta: number, codec: Codec): Promise<number> {
    for (let attempt = 0; attempt < MAX_SWAPS; attempt++) {
      const raw = loaded(await this.#redis.send(key, ['GET', key]))
      const next = addToCounter(key, loadCounter(key, raw, codec), delta)
      if (await this.#swap(key, raw, codec.dumps(next), 'KEEPTTL')) return next
    }
    throw new BackendError(`increment of ${JSON.stringify(key)} lost ${MAX_SWAPS} compare-and-swaps in a row`)
  }
}
