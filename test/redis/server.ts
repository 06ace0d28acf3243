// Vitest global setup of the `redis` project: uses $REDIS_URL when set, otherwise starts a private
// redis-server (no persistence) on a free port and stops it afterwards.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createConnection } from 'node:net'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string
    redisPort: number
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => (socket.end(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/** Starts redis-server on `port` and resolves once it accepts connections. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  for (let i = 0; i < 100 && !(await answers(port)); i++) await new Promise((resolve) => setTimeout(resolve, 50))
  return server
}

let server: ChildProcess | undefined

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.REDIS_URL) {
    project.provide('redisUrl', process.env.REDIS_URL)
    project.provide('redisPort', Number(new URL(process.env.REDIS_URL).port || 6379))
    return () => {}
  }
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) {
    throw new Error('The Redis tests need redis-server: apt-get install -y redis-server (or set REDIS_URL)')
  }
  let port = 6390
  while (port <= 6399 && (await answers(port))) port++
  if (port > 6399) throw new Error('no free port for redis-server in 6390-6399; set REDIS_URL')
  server = await startRedis(port)
  project.provide('redisUrl', `redis://127.0.0.1:${port}`)
  project.provide('redisPort', port)
  return () => void server?.kill()
}
