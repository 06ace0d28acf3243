// What RedisBackend talks to: one server (RedisConnection) or a Redis Cluster (RedisClusterConnection).
import { createHash } from 'node:crypto'
import { BackendError } from '../../core/errors.js'
import type { BackendChannel, ChannelHandlers } from '../backend.js'

/** What a command sends: the command name and its arguments. */
export type RedisArgs = (string | Buffer)[]

/** One Redis reply, as node-redis returns it. */
export type RedisReply = unknown

/** One server that holds data: the server itself, or one master of a cluster. */
export interface RedisNode {
  /** `host:port`, for messages and cursors. */
  readonly address: string
  /** Sends a command to this node only (no redirection), e.g. `SCAN` or `FLUSHDB`. */
  send(args: RedisArgs): Promise<RedisReply>
}

/** The commands RedisBackend needs, whether there is one server or a cluster behind them. */
export interface RedisLink {
  /** Where Redis is, for messages: a `redis://` URL or a `redis+cluster://` one. */
  readonly url: string
  /**
   * Sends one command whose keys all hash to the slot of `key` (on a cluster, its node runs it). Redis errors and
   * connection failures become `BackendError`s. `exactNumbers`: integer replies come as their decimal text.
   */
  send(key: string, args: RedisArgs, exactNumbers?: boolean): Promise<RedisReply>
  /** Runs commands in one MULTI/EXEC transaction; their keys all hash to the slot of `key`. */
  transaction(key: string, commands: RedisArgs[]): Promise<RedisReply[]>
  /**
   * Splits `keys` into groups a multi-key command can take at once, as lists of indexes into `keys`: one per hash
   * slot on a cluster; `undefined` on one server, where every key goes in one command.
   */
  groups(keys: readonly string[]): number[][] | undefined
  /** The nodes that hold data: the server, or every master of the cluster. */
  nodes(): Promise<RedisNode[]>
  /** Sends any command, as `raw` does: to its key's node on a cluster, keyless ones as node-redis routes them. */
  raw(args: RedisArgs): Promise<RedisReply>
  /** A line to every other process using this Redis, for `TieredBackend`'s notices of writes. */
  openChannel(handlers: ChannelHandlers): BackendChannel
  /** A `BackendError` for a failed command, naming where Redis is and keeping the cause. */
  error(what: string, cause: unknown): BackendError
  /** Closes the connections this link opened. */
  close(): Promise<void>
}

/** SHA1 of each Lua script, for EVALSHA. */
const shas = new Map<string, string>()

/**
 * Runs a Lua script on `key` by its SHA1 (EVALSHA), sending its text (EVAL) only when the node does not have it
 * cached yet, so a script call costs what a plain command does.
 */
export async function runScript(link: RedisLink, source: string, key: string, args: RedisArgs): Promise<RedisReply> {
  let sha = shas.get(source)
  if (sha === undefined) shas.set(source, (sha = createHash('sha1').update(source).digest('hex')))
  try {
    return await link.send(key, ['EVALSHA', sha, '1', key, ...args])
  } catch (error) {
    if (!isReply(error, 'NOSCRIPT')) throw error
  }
  return link.send(key, ['EVAL', source, '1', key, ...args])
}

/** Whether `error` is a `BackendError` for a Redis error reply of this kind (`NOSCRIPT`, `TRYAGAIN`, …). */
export function isReply(error: unknown, kind: string): boolean {
  return error instanceof BackendError && String((error.cause as Error | undefined)?.message).startsWith(kind)
}

/** A `BackendError` for `what` failing at `where`, with the cause's message and the cause. */
export function linkError(where: string, what: string, cause: unknown): BackendError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new BackendError(`Redis ${what} failed at ${where}: ${reason}`, { cause })
}
