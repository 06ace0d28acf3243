// The options of RedisBackend: checked once, turned into the link its commands go through.
import type { RedisClientType } from 'redis'
import { assertKnownOptions } from '../../core/validate.js'
import { RedisClusterConnection } from './cluster-connection.js'
import { RedisConnection } from './connection.js'
import type { RedisLink } from './link.js'

/** Options of {@link RedisBackend}. */
export interface RedisBackendOptions {
  /** Where Redis is: `redis://[user:password@]host:port/db`. @default 'redis://127.0.0.1:6379' */
  url?: string | undefined
  /** An existing node-redis client to use instead (it stays open after `close()`). */
  client?: RedisClientType | undefined
  /**
   * A Redis Cluster instead of one server: URLs of some of its nodes (one that answers is enough to learn the
   * rest), `redis://[user:password@]host:port` or `rediss://…`, all with the same scheme, user and password.
   */
  cluster?: readonly string[] | undefined
  /** Return values as bytes (`Uint8Array`), for binary serializers such as `MsgPackSerializer`. @default false */
  binary?: boolean | undefined
  /**
   * Keys are `{namespace}:key`: every key of a namespace hashes to one slot of a cluster, so `multiSet` is
   * all-or-nothing and `multiGet` one command there, at the price of keeping the whole namespace on one node.
   * @default false
   */
  hashTag?: boolean | undefined
}

const KNOWN = ['url', 'client', 'cluster', 'binary', 'hashTag']

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : String(value)
}

function parse(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/** The seed URLs of `cluster`, or a `TypeError` naming what is wrong with them. */
function clusterSeeds(cluster: unknown): URL[] {
  if (!Array.isArray(cluster) || cluster.length === 0) {
    throw new TypeError(`cluster must be a non-empty array of redis:// or rediss:// URLs, got ${show(cluster)}`)
  }
  const seeds = cluster.map((text: unknown, i) => {
    const url = typeof text === 'string' && /^rediss?:\/\/./.test(text) ? parse(text) : null
    if (url === null || url.hostname === '') {
      throw new TypeError(`cluster[${i}] must be a redis:// or rediss:// URL with a host, got ${show(text)}`)
    }
    if (!['', '/', '/0'].includes(url.pathname)) {
      throw new TypeError(
        `cluster[${i}] names database ${url.pathname.slice(1)}, but a Redis Cluster has only database 0`,
      )
    }
    if (url.search !== '' || url.hash !== '')
      throw new TypeError(`cluster[${i}] takes no parameters, got ${show(text)}`)
    return url
  })
  const first = seeds[0]!
  const odd = seeds.findIndex(
    (u) => u.protocol !== first.protocol || u.username !== first.username || u.password !== first.password,
  )
  if (odd !== -1) {
    throw new TypeError(
      `cluster[${odd}] has another scheme, user or password than cluster[0]; every node takes the same`,
    )
  }
  return seeds
}

/** Checks `options` and builds the connection they describe; bad or conflicting options are `TypeError`s. */
export function redisLink(options: RedisBackendOptions): RedisLink {
  assertKnownOptions(options, KNOWN, 'RedisBackend options')
  const { url, client, cluster, binary, hashTag } = options
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\//.test(url))) {
    throw new TypeError(`url must start with redis:// or rediss://, got ${show(url)}`)
  }
  if (url !== undefined && client !== undefined)
    throw new TypeError('give url or client, not both (a client already knows its server)')
  if (cluster !== undefined && (url !== undefined || client !== undefined))
    throw new TypeError(`give cluster or ${url !== undefined ? 'url' : 'client'}, not both (one server or a cluster)`)
  if (binary !== undefined && typeof binary !== 'boolean')
    throw new TypeError(`binary must be a boolean, got ${show(binary)}`)
  if (hashTag !== undefined && typeof hashTag !== 'boolean')
    throw new TypeError(`hashTag must be a boolean, got ${show(hashTag)}`)
  return cluster === undefined
    ? new RedisConnection({ ...(url !== undefined && { url }), ...(client && { client }), binary: binary ?? false })
    : new RedisClusterConnection(clusterSeeds(cluster), binary ?? false)
}
