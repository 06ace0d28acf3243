// A private redis-server for the Redis tests and benchmarks: loopback only, no persistence, on a free port.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.mjs'

export { freePort }

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

const SLOTS = 16384

/** Parses one RESP reply from `buffer` at `at`: `[value, next]`, or `undefined` while it is incomplete. */
function parse(buffer, at = 0) {
  const eol = buffer.indexOf('\r\n', at)
  if (eol === -1) return undefined
  const type = String.fromCharCode(buffer[at])
  const line = buffer.toString('utf8', at + 1, eol)
  if (type === '+' || type === '-') return [type === '-' ? new Error(line) : line, eol + 2]
  if (type === ':') return [Number(line), eol + 2]
  const size = Number(line)
  if (type === '$') {
    if (size < 0) return [null, eol + 2]
    return buffer.length < eol + 2 + size + 2
      ? undefined
      : [buffer.toString('utf8', eol + 2, eol + 2 + size), eol + 4 + size]
  }
  const items = []
  let next = eol + 2
  for (let i = 0; i < size; i++) {
    const item = parse(buffer, next)
    if (item === undefined) return undefined
    items.push(item[0])
    next = item[1]
  }
  return [items, next]
}

/** Sends one command to the node on `port` over a short-lived connection and resolves to its reply. */
function ask(port, ...args) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    let buffer = Buffer.alloc(0)
    socket.once('error', reject)
    // SHUTDOWN answers by closing the connection.
    socket.once('close', () => resolve(null))
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      const reply = parse(buffer)
      if (reply === undefined) return
      socket.end()
      if (reply[0] instanceof Error) reject(reply[0])
      else resolve(reply[0])
    })
    socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`)
  })
}

/** Resolves once `check()` is true, trying every 50 ms for at most `ms`; rejects naming `what` otherwise. */
async function until(what, check, ms = 30_000) {
  const deadline = Date.now() + ms
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`Redis Cluster: timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** `field:value` lines of an INFO-style reply as an object. */
function fields(text) {
  return Object.fromEntries(
    String(text)
      .split(/\r?\n/)
      .map((line) => line.split(':'))
      .filter((parts) => parts.length === 2),
  )
}

/** Starts one cluster node of `node` ({ port, busPort, dir, conf, nodeTimeout }) and waits until it answers. */
async function spawnNode(node) {
  spawn(
    'redis-server',
    [
      ...['--port', String(node.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...['--cluster-enabled', 'yes', '--cluster-port', String(node.busPort), '--dir', node.dir],
      ...['--cluster-config-file', node.conf, '--cluster-node-timeout', String(node.nodeTimeout)],
      // A replica syncs at once instead of waiting for others to share the transfer.
      ...['--repl-diskless-sync-delay', '0'],
    ],
    { stdio: 'ignore' },
  ).once('error', () => {})
  await until(`node ${node.port} accepts connections`, () => answers(node.port), 10_000)
}

/** What the tests do with a running cluster's nodes, whoever started them (they are told apart by port). */
function control(nodes) {
  const running = async () =>
    (await Promise.all(nodes.map((node) => answers(node.port)))).flatMap((up, i) => (up ? [nodes[i]] : []))
  return {
    nodes,
    /** The URLs of every node. */
    urls: nodes.map((node) => node.url),
    /** Starts a stopped node again; it rejoins with the identity its nodes.conf keeps. */
    start: spawnNode,
    /** Stops a node as a crash would (SIGKILL), and resolves once it no longer answers. */
    async kill(node) {
      process.kill(Number(fields(await ask(node.port, 'INFO', 'server')).process_id), 'SIGKILL')
      await until(`node ${node.port} is gone`, async () => !(await answers(node.port)), 10_000)
    },
    /** The ports of the nodes that serve slots, as the node on `port` (the first running one) sees them. */
    async masterPorts(port) {
      const ranges = await ask(port ?? (await running())[0].port, 'CLUSTER', 'SLOTS')
      return [...new Set(ranges.map((range) => Number(range[2][1])))]
    },
    /** Resolves once every running node says the cluster is ok, agrees on the slots and every replica is in sync. */
    async healthy(ms) {
      await until(
        'every node says cluster_state:ok and agrees on the slots',
        async () => {
          const views = await Promise.all(
            (await running()).map(async (node) => {
              const info = fields(await ask(node.port, 'CLUSTER', 'INFO'))
              const slots = await ask(node.port, 'CLUSTER', 'SLOTS')
              const owners = slots.map(([from, to, master]) => `${from}-${to}@${master[1]}`).sort()
              return info.cluster_state === 'ok' && Number(info.cluster_slots_ok) === SLOTS ? owners.join() : ''
            }),
          )
          return views[0] !== '' && views.every((view) => view === views[0])
        },
        ms,
      )
      await until(
        'every replica is in sync with its master',
        async () => {
          const roles = await Promise.all(
            (await running()).map((node) => ask(node.port, 'INFO', 'replication').then(fields)),
          )
          return roles.every((role) => role.role === 'master' || role.master_link_status === 'up')
        },
        ms,
      )
    },
  }
}

/**
 * Starts a Redis Cluster on free ports: `masters` masters (the slots split evenly between them) with `replicas`
 * replicas each, no persistence, `--cluster-node-timeout nodeTimeout` so that a failover takes seconds. Resolves
 * once every node reports `cluster_state:ok`, agrees on who serves which slot, and every replica is in sync with
 * its master (a replica that has not synced never takes over). `nodes[i]` for `i >= masters` replicates
 * `nodes[i % masters]`. `stop()` shuts every node down, also one another process restarted.
 */
export async function startRedisCluster({ masters = 3, replicas = 1, nodeTimeout = 1000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'pycached-cluster-'))
  const taken = new Set()
  const port = async () => {
    let candidate
    do candidate = await freePort()
    while (taken.has(candidate))
    taken.add(candidate)
    return candidate
  }
  const nodes = []
  for (let i = 0; i < masters * (1 + replicas); i++) {
    const [nodePort, busPort] = [await port(), await port()]
    nodes.push({
      port: nodePort,
      busPort,
      dir,
      conf: `nodes-${nodePort}.conf`,
      nodeTimeout,
      url: `redis://127.0.0.1:${nodePort}`,
    })
  }
  const cluster = {
    ...control(nodes),
    /** Shuts every node down and removes their files. */
    async stop() {
      await Promise.all(nodes.map((node) => ask(node.port, 'SHUTDOWN', 'NOSAVE').catch(() => undefined)))
      await until(
        'every node is gone',
        async () => !(await Promise.all(nodes.map((node) => answers(node.port)))).some(Boolean),
      )
      await rm(dir, { recursive: true, force: true })
    },
  }
  try {
    await Promise.all(nodes.map(spawnNode))
    const ids = await Promise.all(nodes.map((node) => ask(node.port, 'CLUSTER', 'MYID')))
    await Promise.all(
      nodes
        .slice(0, masters)
        .map((node, i) =>
          ask(
            node.port,
            'CLUSTER',
            'ADDSLOTSRANGE',
            String(Math.floor((i * SLOTS) / masters)),
            String(Math.floor(((i + 1) * SLOTS) / masters) - 1),
          ),
        ),
    )
    await Promise.all(
      nodes
        .slice(1)
        .map((node) => ask(node.port, 'CLUSTER', 'MEET', '127.0.0.1', String(nodes[0].port), String(nodes[0].busPort))),
    )
    await until('every node knows every other', async () =>
      (await Promise.all(nodes.map((node) => ask(node.port, 'CLUSTER', 'NODES')))).every(
        (text) => String(text).trim().split('\n').length === nodes.length,
      ),
    )
    await Promise.all(nodes.slice(masters).map((node, i) => ask(node.port, 'CLUSTER', 'REPLICATE', ids[i % masters])))
    await cluster.healthy()
  } catch (error) {
    await cluster.stop()
    throw error
  }
  return cluster
}

/** Takes control of a running cluster from the URLs of its nodes (as another process started it), to stop and restart nodes. */
export async function attachRedisCluster(urls) {
  const nodes = await Promise.all(
    urls.map(async (url) => {
      const port = Number(new URL(url).port)
      const config = async (name) => (await ask(port, 'CONFIG', 'GET', name))[1]
      return {
        port,
        busPort: Number(await config('cluster-port')),
        dir: await config('dir'),
        conf: await config('cluster-config-file'),
        nodeTimeout: Number(await config('cluster-node-timeout')),
        url,
      }
    }),
  )
  return control(nodes)
}
