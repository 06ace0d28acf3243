// Stale-while-revalidate across processes: several Node processes share one Redis; when they all answer a stale
// entry at once, exactly one of them refreshes it (through a lock in Redis), and every one answers at once.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'

const url = inject('redisUrl')
const root = join(import.meta.dirname, '../..')
let outDir: string

beforeAll(async () => {
  // The processes run the TypeScript sources, bundled once; `redis` stays an import resolved from node_modules.
  outDir = await mkdtemp(join(root, 'node_modules/.swr-processes-'))
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { ssr: join(import.meta.dirname, 'swr-process.ts'), outDir, emptyOutDir: true, target: 'node20' },
  })
}, 60_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

/** A started process, with its output lines as a queue and its exit code. */
function start(name: string): {
  child: ChildProcessWithoutNullStreams
  exited: Promise<unknown>
  line(): Promise<string>
} {
  const child = spawn(process.execPath, [join(outDir, 'swr-process.js'), url, name])
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk))
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  return {
    child,
    exited,
    async line() {
      const { value, done } = await lines.next()
      if (done) throw new Error(`${name} ended early`)
      return value as string
    },
  }
}

describe('staleWhileRevalidate across processes on Redis', () => {
  it('answers stale in every process while exactly one of them refreshes', async () => {
    const cache = new Cache({ backend: new RedisBackend({ url }), namespace: 'swr-processes' })
    await cache.clear()
    // Seed the entry as the same wrapper would have stored it a minute and a second ago: it is stale now.
    const now = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: now - 61_000 })
    await cached(
      async function price(item: string) {
        return `${item} from the seed`
      },
      { cache, name: 'price', ttl: 60_000, staleWhileRevalidate: 600_000 },
    )('tea')
    vi.useRealTimers()

    const processes = ['p1', 'p2', 'p3'].map(start)
    for (const p of processes) expect(await p.line()).toBe('ready')
    for (const p of processes) p.child.stdin.write('go\n')
    const stale = `answered ${JSON.stringify(Array(10).fill('tea from the seed'))}`
    expect(await Promise.all(processes.map((p) => p.line()))).toEqual([stale, stale, stale])
    // One process holds the refresh open until told to finish; the others found the lock taken and are done.
    const next = await Promise.all(processes.map((p) => p.line()))
    expect(next.filter((line) => line === 'refreshing')).toHaveLength(1)
    expect(next.filter((line) => line === 'done')).toHaveLength(2)
    const refresher = next.indexOf('refreshing')
    processes[refresher]!.child.stdin.write('finish\n')
    expect(await processes[refresher]!.line()).toBe('done')
    expect(await Promise.all(processes.map((p) => p.exited))).toEqual([0, 0, 0])

    expect(await cache.get('refreshes')).toBe(1)
    expect(await cache.get('price("tea")')).toEqual({
      value: `tea from p${refresher + 1}`,
      freshUntil: expect.any(Number),
    })
    const { freshUntil } = (await cache.get('price("tea")')) as { freshUntil: number }
    expect(freshUntil).toBeGreaterThan(now + 59_000)
    expect(await cache.exists('price("tea")-refresh-lock')).toBe(false)
    await cache.close()
  }, 30_000)
})
