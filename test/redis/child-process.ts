// A second Node process running pycached, for the tests that need one: the library is bundled once from src/
// (redis stays an import), and the child runs a TieredBackend of memory over Redis (one server or a cluster),
// answering one JSON command per stdin line with one JSON line on stdout.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'vite'
import { expect, vi } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const out = resolve(root, 'node_modules/.cache/pycached-child')

async function bundle(): Promise<void> {
  await build({
    logLevel: 'silent',
    configFile: false,
    root,
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      lib: { entry: { index: 'src/index.ts', redis: 'src/redis.ts' }, formats: ['es'] },
      rolldownOptions: { external: [/^redis/, /^node:/, /^idb-keyval/, /^@msgpack/] },
    },
  })
  mkdirSync(out, { recursive: true })
  writeFileSync(
    resolve(out, 'child.mjs'),
    `import { createInterface } from 'node:readline'
import { Cache, MemoryBackend, TieredBackend } from './index.js'
import { RedisBackend } from './redis.js'

const where = JSON.parse(process.argv[2])
const redis = new RedisBackend(Array.isArray(where) ? { cluster: where } : { url: where })
const backend = process.argv[4] === 'plain' ? redis : new TieredBackend([new MemoryBackend(), redis])
const cache = new Cache({ backend, namespace: process.argv[3] })
const changes = []
for await (const line of createInterface({ input: process.stdin })) {
  const [command, ...args] = JSON.parse(line)
  let reply
  if (command === 'watch') reply = (cache.watch(args[0], (change) => changes.push(change)), null)
  else if (command === 'changes') reply = changes.splice(0)
  else if (command === 'listening') reply = backend.listening
  else if (command === 'peers') reply = backend.peers
  else if (command === 'copy' && !backend.tiers) reply = null
  else if (command === 'copy') {
    const raw = await backend.tiers[0].get(cache.buildKey(args[0]))
    reply = raw === undefined ? null : cache.serializer.loads(raw)
  }
  else reply = (await cache[command](...args)) ?? null
  process.stdout.write(JSON.stringify(reply) + '\\n')
}
await cache.close()
`,
  )
}

let built: Promise<void> | undefined

/** A pycached process; `send` runs one cache command there (`'copy'`: what its memory tier holds for a key). */
export interface Child {
  send(command: string, ...args: unknown[]): Promise<unknown>
  stop(): Promise<void>
}

/**
 * Starts a child process with a tiered cache in `namespace` on the server at `url`, or on a cluster of these node
 * URLs; `'plain'`: a cache straight on Redis instead. Besides cache commands it takes `watch` (target) and
 * `changes` (the changes heard since the last call).
 */
export async function startChild(
  url: string | string[],
  namespace: string,
  kind: 'tiered' | 'plain' = 'tiered',
): Promise<Child> {
  await (built ??= bundle())
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
    resolve(out, 'child.mjs'),
    JSON.stringify(url),
    namespace,
    kind,
  ])
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  let queue = Promise.resolve<unknown>(undefined)
  return {
    send(command, ...args) {
      // One command at a time: each reply is the next line.
      const reply = queue.then(async () => {
        child.stdin.write(`${JSON.stringify([command, ...args])}\n`)
        const { value, done } = await lines.next()
        if (done) throw new Error(`the child process ended before answering ${command}: ${errors}`)
        return JSON.parse(value as string) as unknown
      })
      queue = reply.catch(() => undefined)
      return reply
    },
    async stop() {
      child.stdin.end()
      await new Promise((done) => child.once('exit', done))
    },
  }
}

/** A context of this process on the store the child shares: its tiered backend, memory tier and cache. */
interface Here {
  backend: { readonly peers: boolean }
  memory: { get(key: string): Promise<unknown> }
  cache: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<unknown> }
}

const EVENTUALLY = { timeout: 10_000, interval: 20 }

/**
 * Checks, with `child` and `here` on one store in namespace `proc`, that once they have met each one's write drops
 * the other's copy within a moment, both ways, and that what either reads next is what the other wrote.
 */
export async function expectWritesDropCopies(child: Child, here: Here): Promise<void> {
  await vi.waitFor(async () => expect(await child.send('peers')).toBe(true), EVENTUALLY)
  await vi.waitFor(() => expect(here.backend.peers).toBe(true), EVENTUALLY)
  await here.cache.set('k', 'from parent')
  // A read that the write's notice overtakes is not copied up, so the copy may take a second read.
  await vi.waitFor(async () => {
    expect(await child.send('get', 'k')).toBe('from parent')
    expect(await child.send('copy', 'k')).toBe('from parent')
  }, EVENTUALLY)
  expect(await here.cache.get('k')).toBe('from parent')
  await child.send('set', 'k', 'from child')
  await vi.waitFor(async () => expect(await here.memory.get('proc:k')).toBeUndefined(), EVENTUALLY)
  expect(await here.cache.get('k')).toBe('from child')
  await here.cache.set('k', 'parent again')
  await vi.waitFor(async () => expect(await child.send('copy', 'k')).toBeNull(), EVENTUALLY)
  expect(await child.send('get', 'k')).toBe('parent again')
}
