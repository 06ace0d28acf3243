// Vitest global setup of the `redis` project: uses $REDIS_URL when set, otherwise starts a private
// redis-server (no persistence) on a free port; and starts a private Redis Cluster (3 masters, 3 replicas) on free
// ports. Both are stopped afterwards.
import type { TestProject } from 'vitest/node'
import { type RedisServer, startRedis, startRedisCluster } from '../../scripts/redis-server.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string
    /** URLs of every node of the test cluster, its three masters first. */
    redisCluster: string[]
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [server, cluster] = await Promise.all([
    process.env.REDIS_URL ? undefined : startRedis(),
    startRedisCluster({ masters: 3, replicas: 1 }),
  ])
  project.provide('redisUrl', process.env.REDIS_URL ?? (server as RedisServer).url)
  project.provide('redisCluster', cluster.urls)
  return async () => {
    server?.stop()
    await cluster.stop()
  }
}
