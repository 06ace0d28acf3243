// Vitest global setup of the `redis` project: uses $REDIS_URL when set, otherwise starts a private
// redis-server (no persistence) on a free port and stops it afterwards.
import type { TestProject } from 'vitest/node'
import { type RedisServer, startRedis } from '../../scripts/redis-server.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string
  }
}

let server: RedisServer | undefined

export default async function setup(project: TestProject): Promise<() => void> {
  server = process.env.REDIS_URL ? undefined : await startRedis()
  project.provide('redisUrl', process.env.REDIS_URL ?? server!.url)
  return () => server?.stop()
}
