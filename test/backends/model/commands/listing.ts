// Introspection: keys, entries, peek and paged snapshots. None of them counts as use of a key.
import { expect } from 'vitest'
import type { Scope } from '../arbitraries.js'
import { ModelCommand, addressed, expectPresence, expectTtl, measured, resolved, show, showScope } from '../check.js'
import type { CacheModel, Window } from '../model.js'
import { prefixOf, type World } from '../world.js'

/** One listed entry: its key within the namespace, and its value and TTL when the listing gives them. */
interface Listed {
  key: string
  value?: unknown
  ttl?: number
}

/**
 * Checks a listing of a scope's namespace: every live key is listed (`once`: exactly once), no key that is gone or
 * outside it is, values and TTLs are the model's; keys near their expiry may be either, and learn from it.
 */
function expectListing(
  model: CacheModel,
  world: World,
  scope: Scope,
  at: Window,
  listed: Listed[],
  once: boolean,
  what: string,
) {
  const prefix = prefixOf(world, scope)
  const counts = new Map<string, number>()
  for (const { key } of listed) counts.set(prefix + key, (counts.get(prefix + key) ?? 0) + 1)
  if (once) for (const [key, count] of counts) expect(count, `${what}: ${show(key)} listed once`).toBe(1)
  const held = new Set(model.keysUnder(prefix))
  for (const key of counts.keys()) expect(held.has(key), `${what}: ${show(key)} was never stored`).toBe(true)
  for (const key of held) expectPresence(model, key, at, counts.has(key), what)
  for (const item of listed) {
    const entry = model.entry(prefix + item.key)!
    if ('value' in item) expect(item.value, `${what}: the value of ${show(item.key)}`).toEqual(entry.value)
    if ('ttl' in item) {
      expectTtl(entry, at, item.ttl, model.rules.margin, `${what}: the ttl of ${show(item.key)}`, at.end - at.start)
    }
  }
}

export class KeysCommand extends ModelCommand {
  constructor(readonly scope: Scope) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const options = addressed(world, this.scope, '')[1]
    const [outcome, at] = await measured(world, () => cache.keys(options))
    const keys = resolved(outcome, String(this))
    expectListing(
      model,
      world,
      this.scope,
      at,
      keys.map((key) => ({ key })),
      true,
      String(this),
    )
  }

  toString(): string {
    return `keys(${showScope(this.scope)})`
  }
}

export class EntriesCommand extends ModelCommand {
  constructor(readonly scope: Scope) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const options = addressed(world, this.scope, '')[1]
    const [outcome, at] = await measured(world, () => cache.entries(options))
    const entries = resolved(outcome, String(this))
    expectListing(
      model,
      world,
      this.scope,
      at,
      entries.map(([key, value]) => ({ key, value })),
      true,
      String(this),
    )
  }

  toString(): string {
    return `entries(${showScope(this.scope)})`
  }
}

export class PeekCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly keys: string[],
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const options = addressed(world, this.scope, '')[1]
    const [outcome, at] = await measured(world, () => cache.peek(this.keys, options))
    const found = resolved(outcome, String(this))
    expect(found, String(this)).toHaveLength(this.keys.length)
    this.keys.forEach((key, i) => {
      const what = `${String(this)}[${i}]`
      const entry = expectPresence(model, addressed(world, this.scope, key)[0], at, found[i] !== undefined, what)
      if (!entry) return
      expect(found[i]!.key, what).toBe(key)
      expect(found[i]!.value, `${what}: the value`).toEqual(entry.value)
      expectTtl(entry, at, found[i]!.ttl, model.rules.margin, what, at.end - at.start)
    })
  }

  toString(): string {
    return `peek(${showScope(this.scope)}, ${show(this.keys)})`
  }
}

/** Walks a namespace with `snapshotPage` to the end: every entry live throughout is listed at least once. */
export class PagesCommand extends ModelCommand {
  constructor(
    readonly scope: Scope,
    readonly limit: number,
  ) {
    super()
  }

  async run(model: CacheModel, world: World): Promise<void> {
    const cache = await world.cacheOf(this.scope)
    const options = addressed(world, this.scope, '')[1]
    const listed: Listed[] = []
    const [outcome, at] = await measured(world, async () => {
      let cursor: string | undefined
      for (let pages = 0; pages === 0 || cursor !== undefined; pages++) {
        // More pages than entries (plus SCAN's empty ones) would mean a cursor that never ends.
        if (pages > 1000) throw new Error('snapshotPage: still not at the end after 1000 pages')
        const page = await cache.snapshotPage({
          ...options,
          limit: this.limit,
          ...(cursor !== undefined && { cursor }),
        })
        if (!world.target.scan)
          expect(page.entries.length, `${String(this)}: page size`).toBeLessThanOrEqual(this.limit)
        listed.push(...page.entries)
        cursor = page.cursor
      }
    })
    resolved(outcome, String(this))
    expectListing(model, world, this.scope, at, listed, !world.target.scan, String(this))
  }

  toString(): string {
    return `pages(${showScope(this.scope)}, limit ${this.limit})`
  }
}
