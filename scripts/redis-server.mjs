// A private redis-server for the Redis tests and benchmarks: loopback only, no persistence, on a free port.
import { spawn } from 'node:child_process'
import { createConnection, createServer } from 'node:net'

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.once('error', reject)
  })
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => (socket.end(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

/**
 * Starts redis-server on `port` (a free one by default) and resolves once it accepts connections, with its
 * URL, port, process and `stop()`. Rejects with how to install it when redis-server is missing.
 */
export async function startRedis(port) {
  port ??= await freePort()
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  const missing = new Promise((_, reject) =>
    child.once('error', () =>
      reject(new Error('redis-server not found: apt-get install -y redis-server (or set REDIS_URL)')),
    ),
  )
  const ready = (async () => {
    for (let i = 0; i < 100; i++) {
      if (await answers(port)) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill()
    throw new Error(`redis-server did not answer on port ${port}`)
  })()
  await Promise.race([ready, missing])
  return { url: `redis://127.0.0.1:${port}`, port, process: child, stop: () => child.kill() }
}
