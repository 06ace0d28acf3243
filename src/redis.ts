/**
 * The `pycached/redis` entry (Node only): the Redis backend, and its URL schemes: redis:// and rediss:// for one
 * server, redis+cluster:// and rediss+cluster:// for a Redis Cluster (`?memory=N`: a memory tier in front).
 *
 * @module pycached/redis
 */
import type { Backend } from './backends/backend.js'
import { RedisBackend } from './backends/redis/index.js'
import { TieredBackend } from './backends/tiered/index.js'
import { booleanParam, memoryTier, registerBackendScheme } from './core/url.js'

export { RedisBackend } from './backends/redis/index.js'
export type { RedisBackendOptions } from './backends/redis/index.js'

const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?$/

/** The backend options every Redis URL may carry in its query. */
function flags(url: URL): { binary?: boolean; hashTag?: boolean } {
  const binary = booleanParam(url, 'binary')
  const hashTag = booleanParam(url, 'hashTag')
  return { ...(binary !== undefined && { binary }), ...(hashTag !== undefined && { hashTag }) }
}

/** `redis` itself, or with `?memory=N` a memory tier in front of it. */
function withMemory(url: URL, redis: RedisBackend): Backend {
  const memory = memoryTier(url)
  return memory ? new TieredBackend([memory, redis]) : redis
}

/**
 * The node URLs of `redis+cluster://[user:password@]host:port?nodes=host:port,host:port`: the host of the URL,
 * then those of `nodes`, each with the URL's user and password (`rediss+cluster://` connects with TLS).
 */
function clusterNodes(url: URL): string[] {
  const scheme = url.protocol === 'rediss+cluster:' ? 'rediss' : 'redis'
  if (url.hostname === '' || !['', '/', '/0'].includes(url.pathname)) {
    throw new TypeError(
      `url must be ${scheme}+cluster://host:port?nodes=host:port,… (a cluster has only database 0), got ${JSON.stringify(url.href)}`,
    )
  }
  const nodes = url.searchParams.get('nodes')?.split(',') ?? []
  const bad = nodes.find((node) => !HOST.test(node))
  if (bad !== undefined)
    throw new TypeError(`url parameter nodes must list host:port pairs separated by commas, got ${JSON.stringify(bad)}`)
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''
  return [url.host, ...nodes].map((host) => `${scheme}://${auth}${host}`)
}

for (const scheme of ['redis', 'rediss']) {
  registerBackendScheme(
    scheme,
    (url) => {
      // The cache's own options travel in the query; Redis gets the URL without them.
      const server = new URL(url.href)
      server.search = ''
      return withMemory(url, new RedisBackend({ url: server.href, ...flags(url) }))
    },
    { params: ['binary', 'hashTag', 'memory'] },
  )
  registerBackendScheme(
    `${scheme}+cluster`,
    (url) => withMemory(url, new RedisBackend({ cluster: clusterNodes(url), ...flags(url) })),
    { params: ['nodes', 'binary', 'hashTag', 'memory'] },
  )
}
