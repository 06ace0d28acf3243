import type { RedisClientType } from 'redis'
import { BackendError, SerializationError } from '../core/errors.js'
import { assertKnownOptions } from '../core/validate.js'
import { JsonSerializer } from '../serializers/json.js'
import {
  type Backend,
  type BackendChannel,
  type ChannelHandlers,
  type Codec,
  type ScanPage,
  type StoredEntry,
  addToCounter,
  loadCounter,
} from './backend.js'
import { KeyedQueue, storesDecimals } from './redis-counter.js'
import { openRedisChannel } from './redis-channel.js'
import { type RedisArgs, RedisConnection } from './redis-connection.js'
import { COMPARE_AND_SWAP, PERSIST_EXISTING } from './redis-scripts.js'

/** Options of {@link RedisBackend}. */
export interface RedisBackendOptions {
  /** Where Redis is: `redis://[user:password@]host:port/db`. @default 'redis://127.0.0.1:6379' */
  url?: string
  /** An existing node-redis client to use instead (it stays open after `close()`). */
  client?: RedisClientType
  /** Return values as bytes (`Uint8Array`), for binary serializers such as `MsgPackSerializer`. @default false */
  binary?: boolean
}

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

/** Escapes the glob characters of SCAN MATCH so a prefix matches only itself. */
function globEscape(prefix: string): string {
  return prefix.replace(/[*?[\]\\]/g, '\\$&')
}

/**
 * A shared, multi-process backend on Redis through the `redis` (node-redis) client, as aiocache's RedisCache:
 * `add` is `SET NX`, `increment` is `INCRBY`, TTLs are `PX`/`PEXPIRE`/`PTTL`/`PERSIST`, `multiSet` runs in
 * `MULTI`, namespaces are cleared with `SCAN` + `UNLINK`. Caches on it serialize with JSON unless told otherwise.
 * Node only: import it from `pycached/redis`.
 *
 * @example
 * const cache = new Cache({ backend: new RedisBackend({ url: 'redis://localhost:6379/0' }), namespace: 'api' })
 */
export class RedisBackend implements Backend {
  readonly name = 'redis'
  readonly defaultSerializer: Codec = JsonSerializer
  readonly #redis: RedisConnection
  readonly #binary: boolean
  readonly #counters = new KeyedQueue()

  constructor(options: RedisBackendOptions = {}) {
    assertKnownOptions(options, ['url', 'client', 'binary'], 'RedisBackend options')
    if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
      throw new TypeError(`url must start with redis:// or rediss://, got ${JSON.stringify(options.url)}`)
    }
    if (options.url !== undefined && options.client !== undefined)
      throw new TypeError('give url or client, not both (a client already knows its server)')
    if (options.binary !== undefined && typeof options.binary !== 'boolean')
      throw new TypeError(`binary must be a boolean, got ${JSON.stringify(options.binary)}`)
    this.#binary = options.binary ?? false
    this.#redis = new RedisConnection(options)
  }

  /** The Redis URL. */
  get url(): string {
    return this.#redis.url
  }

  /** With `binary: true`, text comes back as its UTF-8 bytes; everything else as it was stored. */
  readBack(stored: unknown): unknown {
    return this.#binary && typeof stored === 'string' ? new Uint8Array(Buffer.from(stored)) : stored
  }

  async get(key: string): Promise<unknown> {
    return loaded(await this.#redis.send(['GET', key]))
  }

  async multiGet(keys: readonly string[]): Promise<unknown[]> {
    if (keys.length === 0) return []
    return ((await this.#redis.send(['MGET', ...keys])) as unknown[]).map(loaded)
  }

  async set(key: string, value: unknown, ttl: number | undefined): Promise<void> {
    await this.#redis.send(['SET', key, storable(key, value, this.#binary), ...px(ttl)])
  }

  async multiSet(pairs: readonly (readonly [string, unknown])[], ttl: number | undefined): Promise<void> {
    const commands = pairs.map(([key, value]): RedisArgs => [
      'SET',
      key,
      storable(key, value, this.#binary),
      ...px(ttl),
    ])
    if (commands.length > 0) await this.#redis.transaction(commands)
  }

  async add(key: string, value: unknown, ttl: number | undefined): Promise<boolean> {
    return (await this.#redis.send(['SET', key, storable(key, value, this.#binary), 'NX', ...px(ttl)])) !== null
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#redis.send(['EXISTS', key])) === 1
  }

  async delete(key: string): Promise<number> {
    return (await this.#redis.send(['DEL', key])) as number
  }

  async increment(key: string, delta: number, codec: Codec): Promise<number> {
    // INCRBY when the serializer stores integers as decimal text (JSON, String) and the stored form is one.
    if (storesDecimals(codec)) {
      const reply = await this.#redis.send(['INCRBY', key, String(delta)], true).catch((error: unknown) => {
        // Not a decimal integer (e.g. JSON's "\"12\""): count through the serializer instead.
        if (error instanceof BackendError && /not an integer|overflow/.test(error.message)) return undefined
        throw error
      })
      if (reply !== undefined) {
        const result = BigInt(String(reply))
        const before = result - BigInt(delta)
        // Both ends in the safe-integer range: a stored 2^53 + 1 is no safe counter even when the sum is.
        if (isSafe(before) && isSafe(result)) return Number(result)
        // Otherwise undo, so the entry ends as it was, and refuse as every backend does.
        await this.#redis.send(['DECRBY', key, String(delta)])
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
        ? await this.#redis.script(PERSIST_EXISTING, key, [])
        : await this.#redis.send(['PEXPIRE', key, ms])
    return reply === 1
  }

  async ttl(key: string): Promise<number | undefined> {
    const reply = (await this.#redis.send(['PTTL', key])) as number
    return reply === -2 ? undefined : reply === -1 ? Infinity : reply
  }

  async scan(prefix: string): Promise<StoredEntry[]> {
    const found: StoredEntry[] = []
    await this.#scanKeys(prefix, async (keys) => void found.push(...(await this.#entries(keys))))
    return found
  }

  /** The cursor is SCAN's: a page is one SCAN step of COUNT `limit`, whose count Redis treats as a hint. */
  async scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    const [next, keys] = await this.#scanStep(prefix, cursor ?? '0', limit)
    return { entries: keys.length > 0 ? await this.#entries(keys) : [], cursor: next === '0' ? undefined : next }
  }

  async peek(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    if (keys.length === 0) return []
    const found = new Map((await this.#entries(keys)).map((entry) => [entry.key, entry]))
    return keys.map((key) => found.get(key))
  }

  async clear(prefix: string): Promise<void> {
    if (prefix === '') {
      await this.#redis.send(['FLUSHDB'])
      return
    }
    await this.#scanKeys(prefix, async (keys) => void (await this.#redis.send(['UNLINK', ...keys])))
  }

  /** Sends any command to Redis, e.g. `raw('HSET', 'h', 'f', 'v')`; keys are not namespaced. */
  async raw(command: string, ...args: unknown[]): Promise<unknown> {
    return this.#redis.send([command, ...args.map((arg) => (Buffer.isBuffer(arg) ? arg : String(arg)))])
  }

  async close(): Promise<void> {
    await this.#redis.close()
  }

  /** Redis pub/sub on channel `pycached:tiers:<db>`, heard on a subscriber connection of its own. */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    const publish = (channel: string, message: string) => this.#redis.send(['PUBLISH', channel, message])
    return openRedisChannel(`pycached:tiers:${this.#redis.database}`, this.#redis.subscriberClient(), publish, handlers)
  }

  /** The live entries of `keys` (MGET and a PTTL for each, pipelined); keys gone in between are left out. */
  async #entries(keys: readonly string[]): Promise<StoredEntry[]> {
    // Expiries count from before the request: never later than Redis' own, so a copy made from one never
    // outlives its source.
    const now = Date.now()
    const [values, ttls] = await Promise.all([
      this.#redis.send(['MGET', ...keys]) as Promise<unknown[]>,
      Promise.all(keys.map((key) => this.#redis.send(['PTTL', key]) as Promise<number>)),
    ])
    const found: StoredEntry[] = []
    keys.forEach((key, i) => {
      // A key can expire between SCAN and MGET: then it is simply not listed.
      if (values[i] !== null && ttls[i]! !== -2)
        found.push({ key, raw: loaded(values[i]), expiresAt: ttls[i]! >= 0 ? now + ttls[i]! : undefined })
    })
    return found
  }

  /** One SCAN step over `prefix*` (never KEYS): the next cursor and the keys it found. */
  async #scanStep(prefix: string, cursor: string, count: number): Promise<[string, string[]]> {
    const [next, keys] = (await this.#redis.send([
      'SCAN',
      cursor,
      'MATCH',
      `${globEscape(prefix)}*`,
      'COUNT',
      String(count),
    ])) as [string, string[]]
    return [String(next), keys.map(String)]
  }

  #swap(key: string, expected: unknown, value: unknown, ttl: string): Promise<boolean> {
    const args: RedisArgs = [
      expected === undefined ? '1' : '0',
      expected === undefined ? '' : storable(key, expected, this.#binary),
      value === undefined ? '1' : '0',
      value === undefined ? '' : storable(key, value, this.#binary),
      ttl,
    ]
    return this.#redis.script(COMPARE_AND_SWAP, key, args).then((reply) => reply === 1)
  }

  /**
   * Increment through the serializer: read, add in JavaScript, write back with compare-and-swap (keeping the
   * TTL), again while another client changed the value in between. Calls for one key run one at a time here,
   * so only other processes can make a swap fail.
   */
  async #incrementBySwap(key: string, delta: number, codec: Codec): Promise<number> {
    for (let attempt = 0; attempt < MAX_SWAPS; attempt++) {
      const raw = loaded(await this.#redis.send(['GET', key]))
      const next = addToCounter(key, loadCounter(key, raw, codec), delta)
      if (await this.#swap(key, raw, codec.dumps(next), 'KEEPTTL')) return next
    }
    throw new BackendError(`increment of ${JSON.stringify(key)} lost ${MAX_SWAPS} compare-and-swaps in a row`)
  }

  /** Walks `prefix*` with SCAN (never KEYS), handing each non-empty batch to `each`. */
  async #scanKeys(prefix: string, each: (keys: string[]) => Promise<void>): Promise<void> {
    let cursor = '0'
    do {
      const [next, keys] = await this.#scanStep(prefix, cursor, SCAN_BATCH)
      cursor = next
      if (keys.length > 0) await each(keys)
    } while (cursor !== '0')
  }
}
