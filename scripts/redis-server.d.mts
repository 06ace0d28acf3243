import type { ChildProcess } from 'node:child_process'

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number>

/** A running private redis-server. */
export interface RedisServer {
  url: string
  port: number
  process: ChildProcess
  stop(): void
}

/** Starts redis-server on `port` (a free one by default) once it accepts connections. */
export function startRedis(port?: number): Promise<RedisServer>
