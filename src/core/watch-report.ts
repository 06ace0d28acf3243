// What a write command changed, in full keys, for the watches of its backend's change feed.
import type { ChangeFeed, LocalChange } from './change-feed.js'
import type { Context } from './pipeline.js'
import type { KeyBuilder } from './types.js'

/** What of a cache a write's change is worked out from. */
export interface ReportingCache {
  readonly namespace: string | undefined
  readonly keyBuilder: KeyBuilder
  readonly defaultTtl: number | undefined
  buildKey(key: string, namespace?: string): string
}

interface WriteContext extends Context {
  key?: string
  value?: unknown
  pairs?: [string, unknown][]
  ttl?: number
  options: { namespace?: string; ttl?: number; tags?: readonly string[] }
}

/**
 * The change `ctx`'s command makes once `ret` tells it succeeded, worked out from the caller's own arguments
 * (before any pre-hook runs), or `undefined` for a command that writes nothing.
 */
export function changeOf(
  cache: ReportingCache,
  ctx: WriteContext,
): ((ret: unknown) => LocalChange | undefined) | undefined {
  const { options } = ctx
  const ns = options.namespace
  const key = () => cache.buildKey(ctx.key!, ns)
  const ttl = options.ttl ?? cache.defaultTtl
  const tags = options.tags
  switch (ctx.command) {
    case 'set':
    case 'add': {
      const pairs = [[key(), ctx.value]] as const
      return () => ({ type: 'set', pairs, ttl, tags })
    }
    case 'multiSet': {
      const pairs = ctx.pairs!.map(([key, value]) => [cache.buildKey(key, ns), value] as const)
      return () => ({ type: 'set', pairs, ttl, tags })
    }
    case 'delete': {
      const full = key()
      return (ret) => (ret === 1 ? { type: 'deleted', keys: [full] } : undefined)
    }
    case 'increment': {
      const full = key()
      return () => ({ type: 'counted', key: full })
    }
    case 'expire': {
      const [full, ms] = [key(), ctx.ttl!]
      return (ret) => (ret === true ? { type: 'expire', key: full, ttl: ms } : undefined)
    }
    case 'invalidateTags':
      return (ret) => ({ type: 'deleted', keys: ret as string[] })
    case 'purge':
      return () => ({ type: 'cleared', prefix: '' })
    case 'clear': {
      const namespace = ns ?? cache.namespace
      const prefix = namespace ? cache.keyBuilder('', namespace) : ''
      return () => ({ type: 'cleared', prefix })
    }
    default:
      return undefined
  }
}

/** `body`, reporting to `feed` the change it made once it resolved. */
export function reporting<R>(
  feed: ChangeFeed,
  cache: ReportingCache,
  ctx: Context,
  body: () => R | Promise<R>,
): () => R | Promise<R> {
  const change = changeOf(cache, ctx as WriteContext)
  if (!change) return body
  const report = (ret: R): R => {
    const made = change(ret)
    if (made) feed.report(made)
    return ret
  }
  return () => {
    const work = body()
    return work instanceof Promise ? work.then(report) : report(work)
  }
}
