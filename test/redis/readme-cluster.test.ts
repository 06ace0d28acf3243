// The Redis Cluster guide's snippets (docs/guide/redis-cluster.md), run as written against the test run's cluster: the addresses 127.0.0.1:7000,
// :7001 and :7002 become those of its masters, 'pycached' and 'pycached/redis' the sources, and each snippet
// exports its top-level constants so the test can check what it did.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, expect, inject, it } from 'vitest'
import type { Cache } from '../../src/core/cache.js'
import { attachRedisCluster } from '../../scripts/redis-server.mjs'

const root = join(import.meta.dirname, '../..')
const dir = join(root, 'node_modules/.cache/pycached-readme-cluster')

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The ```ts blocks of docs/guide/redis-cluster.md. */
async function snippets(): Promise<string[]> {
  const guide = await readFile(join(root, 'docs/guide/redis-cluster.md'), 'utf8')
  return [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!)
}

/** Runs `code` as a module after the substitutions above, and resolves to its top-level constants. */
async function run(code: string, index: number): Promise<Record<string, unknown>> {
  const masters = await (await attachRedisCluster(inject('redisCluster'))).masterPorts()
  let module = code
  masters.slice(0, 3).forEach((port, i) => (module = module.replaceAll(`127.0.0.1:${7000 + i}`, `127.0.0.1:${port}`)))
  module = module
    .replaceAll(`from 'pycached/redis'`, `from '${join(root, 'src/redis.ts')}'`)
    .replaceAll(`import 'pycached/redis'`, `import '${join(root, 'src/redis.ts')}'`)
    .replaceAll(`from 'pycached'`, `from '${join(root, 'src/index.ts')}'`)
  const names = [...module.matchAll(/^const (\w+)/gm)].map((match) => match[1]!)
  module += `\nexport { ${names.join(', ')} }\n`
  await mkdir(dir, { recursive: true })
  const file = join(dir, `snippet-${index}.ts`)
  await writeFile(file, module)
  return (await import(/* @vite-ignore */ file)) as Record<string, unknown>
}

it('the Redis Cluster guide shows two snippets, and they still name the addresses this test replaces', async () => {
  const found = await snippets()
  expect(found).toHaveLength(2)
  for (const code of found) expect(code).toContain('127.0.0.1:7000')
})

it('the first snippet stores and reads users across hash slots', async () => {
  const { cache, users } = await run((await snippets())[0]!, 0)
  expect(users).toEqual([{ name: 'Ada' }, { name: 'Grace' }])
  expect(await (cache as Cache).raw('GET', 'api:user:2')).toBe('{"name":"Grace"}')
  await (cache as Cache).clear()
  await (cache as Cache).close()
})

it('the second snippet keeps the orders namespace in one slot, from a redis+cluster:// URL', async () => {
  const { orders } = await run((await snippets())[1]!, 1)
  const cache = orders as Cache
  expect(await cache.raw('GET', '{orders}:o2')).toBe('{"total":30}')
  expect(await cache.raw('CLUSTER', 'KEYSLOT', '{orders}:o1')).toBe(await cache.raw('CLUSTER', 'KEYSLOT', 'orders'))
  await cache.clear()
  await cache.close()
})
