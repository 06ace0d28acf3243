// `set` past its first steps: `Cache.set` checks its arguments and, with no plugin hooking into it, writes to a
// store that takes writes at once (memory) itself, without a context, a closure or a pass through the pipeline;
// every other write runs here through the pipeline (hooks, time limit). Either way the value is dumped once, and
// once the write resolved it is told to the watches of its key (`told`) rather than through a wrapper around the
// body.
import type { FeedSlot } from './feed-slot.js'
import { COMMANDS } from './hooks.js'
import type { KeyedCache } from './key-commands.js'
import type { CommandRunner } from './runner.js'
import { dumpWith } from './serialize.js'
import type { SetOptions } from './types.js'

/** A value `set` has not dumped yet. */
export const UNDUMPED: unique symbol = Symbol('undumped')

/** One `set`, its arguments checked: `full` is the stored key, `stored` the value dumped already or `UNDUMPED`. */
export interface SetCall {
  key: string
  value: unknown
  options: SetOptions
  full: string
  ttl: number | undefined
  tags: readonly string[] | undefined
  stored: unknown
}

/**
 * A write that resolved, told to the watches (here and, on a shared store, in other contexts): `true`, or a promise
 * of it while the code of watches loads. Out of line: in Node, a `set` that holds it runs about 100 more
 * instructions a watched write.
 */
export function told(
  feed: FeedSlot,
  full: string,
  value: unknown,
  ttl: number | undefined,
  tags: readonly string[] | undefined,
): true | Promise<true> {
  return feed.stored(full, value, ttl, tags) ? feed.delivered() : true
}

/** `set` through the pipeline: hooks, time limit; `feed`: the cache's change feed. */
export function setThrough(cache: KeyedCache, runner: CommandRunner, feed: FeedSlot, call: SetCall): Promise<true> {
  const { backend } = cache
  const { key, value, options, full, ttl, tags } = call
  let { stored } = call
  const ctx = { cache, command: 'set' as const, key, value, options }
  return runner.run(ctx, COMMANDS.set, () => {
    if (stored === UNDUMPED) stored = dumpWith(options.dumps ?? cache.serializer.dumps, value, full)
    // An in-process store writes at once, without a promise; the answer is a plain `true` unless the write
    // waits for the code of watches to load.
    if (!tags && backend.setNow?.(full, stored, ttl)) return feed.active ? told(feed, full, value, ttl, tags) : true
    return backend.set(full, stored, ttl, tags).then(() => (feed.active ? told(feed, full, value, ttl, tags) : true))
  })
}
