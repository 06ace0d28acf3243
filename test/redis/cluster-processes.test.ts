// RedLock and cachedStampede across Node processes sharing the test run's Redis Cluster.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { Cache } from '../../src/core/cache.js'

const urls = inject('redisCluster')
const root = join(import.meta.dirname, '../..')
let outDir: string

beforeAll(async () => {
  // The processes run the TypeScript sources, bundled once; `redis` stays an import resolved from node_modules.
  outDir = await mkdtemp(join(root, 'node_modules/.cluster-processes-'))
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: { ssr: join(import.meta.dirname, 'cluster-process.ts'), outDir, emptyOutDir: true, target: 'node20' },
  })
}, 60_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

/** Starts `count` processes running `task` in `namespace`, all at once, and resolves to what each printed. */
async function runTogether(count: number, namespace: string, task: string): Promise<unknown[]> {
  const children = Array.from({ length: count }, () => {
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
      join(outDir, 'cluster-process.js'),
      urls.join(','),
      namespace,
      task,
    ])
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const line = async () => {
      const { value, done } = await lines.next()
      if (done) throw new Error(`a ${task} process ended early: ${errors}`)
      return value as string
    }
    return { child, line }
  })
  expect(await Promise.all(children.map(({ line }) => line()))).toEqual(Array(count).fill('ready'))
  for (const { child } of children) child.stdin.write('go\n')
  return Promise.all(children.map(async ({ line }) => JSON.parse(await line()) as unknown))
}

describe('across processes on a Redis Cluster', () => {
  it('RedLock lets one process at a time into a read-modify-write', async () => {
    const cache = new Cache({ backend: new RedisBackend({ cluster: urls }), namespace: 'procs-lock' })
    await cache.clear()
    expect(await runTogether(3, 'procs-lock', 'lock')).toEqual(['done', 'done', 'done'])
    expect(await cache.get('counter')).toBe(60)
    expect(await cache.exists('counter-lock')).toBe(false)
    await cache.close()
  }, 60_000)

  it('cachedStampede computes once for every process, and each gets that one result', async () => {
    const cache = new Cache({ backend: new RedisBackend({ cluster: urls }), namespace: 'procs-stampede' })
    await cache.clear()
    const results = await runTogether(3, 'procs-stampede', 'stampede')
    expect(await cache.get('computations')).toBe(1)
    expect(results[0]).toMatchObject({ day: 'monday' })
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1)
    await cache.close()
  }, 60_000)
})
