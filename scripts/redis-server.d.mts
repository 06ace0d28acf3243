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
  /** The port of its cluster bus. */
  busPort: number
  /** Where its nodes.conf lives. */
  dir: string
  conf: string
  nodeTimeout: number
  url: string
}

/** Control over the nodes of a running cluster, whoever started them. */
export interface RedisClusterControl {
  /** Every node; as started, the first `masters` are masters and each later one replicates `nodes[i % masters]`. */
  nodes: RedisClusterNode[]
  /** The URLs of every node. */
  urls: string[]
  /** Starts a stopped node again; it rejoins with the identity its nodes.conf keeps. */
  start(node: RedisClusterNode): Promise<void>
  /** Stops a node as a crash would (SIGKILL), and resolves once it no longer answers. */
  kill(node: RedisClusterNode): Promise<void>
  /** The ports of the nodes that serve slots, as the node on `port` (the first running one) sees them. */
  masterPorts(port?: number): Promise<number[]>
  /** Resolves once every running node says the cluster is ok, agrees on the slots and every replica is in sync. */
  healthy(ms?: number): Promise<void>
}

/** A private Redis Cluster this process started. */
export interface RedisCluster extends RedisClusterControl {
  /** Shuts every node down (also nodes another process restarted) and removes their files. */
  stop(): Promise<void>
}

/** Starts a Redis Cluster on free ports and resolves once it is healthy. */
export function startRedisCluster(options?: {
  masters?: number
  replicas?: number
  nodeTimeout?: number
}): Promise<RedisCluster>

/** Takes control of a running cluster from the URLs of its nodes, to stop and restart nodes. */
export function attachRedisCluster(urls: string[]): Promise<RedisClusterControl>
