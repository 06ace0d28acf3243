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

/** One node of a private Redis Cluster. */
export interface RedisClusterNode {
  port: number
  busPort: number
  url: string
  process: ChildProcess
  exited: Promise<unknown>
}

/** A running private Redis Cluster. */
export interface RedisCluster {
  /** Every node; the first `masters` started as masters, each later one as a replica of `nodes[i % masters]`. */
  nodes: RedisClusterNode[]
  /** Where the nodes keep their cluster configuration files. */
  dir: string
  /** The URLs of every node. */
  readonly urls: string[]
  /** Starts a stopped node again; it rejoins with the identity its nodes.conf keeps. */
  start(node: RedisClusterNode): Promise<void>
  /** Stops a node as a crash would (SIGKILL), and resolves once it is gone. */
  kill(node: RedisClusterNode): Promise<void>
  /** The ports of the nodes that serve slots, as the node on `port` (the first by default) sees them. */
  masterPorts(port?: number): Promise<number[]>
  /** Resolves once every running node says the cluster is ok, agrees on the slots and every replica is in sync. */
  healthy(ms?: number): Promise<void>
  /** Stops every node and removes their files. */
  stop(): Promise<void>
}

/** Starts a Redis Cluster on free ports and resolves once it is healthy. */
export function startRedisCluster(options?: {
  masters?: number
  replicas?: number
  nodeTimeout?: number
}): Promise<RedisCluster>
