// The change feed of a backend as its caches hold it before its code is loaded. The feed, the watches and what a
// write reports load on first use (the first watch, or a first write to a store other contexts share), so an app
// that never watches never downloads them. Until they are loaded, a watch started waits in line, and a write that
// resolves is held (its promise settles once its change was delivered): no watch misses a change that resolved
// after it was called, and none hears one that resolved before.
import type { Backend } from '../backends/backend.js'
import type { ChangeFeed } from './change-feed.js'
import { CacheErrorEvent } from './events.js'
import type { Context } from './pipeline.js'
import { WRITES } from './runner.js'
import type { ReportingCache } from './watch-report.js'
import type { CacheChange, Target, WatchedCache } from './watch-target.js'
import type * as Watching from './watching.js'

/** A watch, or one waiting for the code of watches: what a cache ends when it closes. */
export interface Ending {
  end(): void
}

// Loaded once per realm: every slot after the first builds its feed at once.
let watching: typeof Watching | undefined

/** What a write's change is worked out from, copied when the write starts (as the feed itself does). */
export interface WriteArgs extends Context {
  key?: string
  value?: unknown
  pairs?: [string, unknown][]
  ttl?: number
  options: { namespace?: string; ttl?: number; tags?: readonly string[] }
}

/** What happened while the code of watches loaded: a watch started, or a write resolved. */
export type Held =
  | { watch: PendingWatch<never> }
  | { cache: ReportingCache; ctx: WriteArgs; ret: unknown }
  | { stored: Parameters<ChangeFeed['stored']> }

/** A watch started while the code of watches loads: it starts once that is loaded, unless it ended meanwhile. */
export class PendingWatch<V> implements Ending {
  /** The watch once started. */
  real: Ending | undefined
  ended = false

  constructor(
    readonly cache: WatchedCache,
    readonly target: Target,
    readonly deliver: (change: CacheChange<V>) => void,
    readonly onEnd: () => void,
  ) {}

  end(): void {
    if (this.real) return this.real.end()
    if (this.ended) return
    this.ended = true
    this.onEnd()
  }
}

/**
 * The feed of one backend for every cache of this context on it, loaded on first use. Once loaded, every call goes
 * straight to the {@link ChangeFeed}.
 */
export class FeedSlot {
  readonly #backend: Backend
  #feed: ChangeFeed | undefined
  // While the code loads: the watches started and the writes resolved meanwhile, in that order.
  #queue: Held[] | undefined
  #ready: Promise<void> | undefined
  readonly #users = new Set<object>()

  constructor(backend: Backend) {
    this.#backend = backend
  }

  /** Whether writes must be reported: someone watches, other contexts are told of writes, or the code loads. */
  get active(): boolean {
    return this.#feed ? this.#feed.active : this.#queue !== undefined
  }

  /** `user` (a cache) writes or watches here; on a store other contexts share, the feed loads to tell them. */
  use(user: object): void {
    if (this.#feed) return this.#feed.use(user)
    this.#users.add(user)
    // A plain shared store (IndexedDB, Redis), or a backend still loading that may be one: the feed announces.
    const backend = this.#backend as Backend & { resolve?: unknown }
    if (backend.openChannel || typeof backend.resolve === 'function') this.#load()
  }

  /** Starts a watch of `target` on `cache`, now or once the code of watches is loaded. */
  watch<V>(cache: WatchedCache, target: Target, deliver: (change: CacheChange<V>) => void, onEnd: () => void): Ending {
    this.#load()
    if (this.#feed) return new watching!.Watch<V>(cache, this.#feed, target, deliver, onEnd)
    const pending = new PendingWatch<V>(cache, target, deliver, onEnd)
    this.#queue!.push({ watch: pending as PendingWatch<never> })
    return pending
  }

  /** `body`, reporting the change it made once it resolved (see {@link ChangeFeed.report}). */
  reporting<R>(cache: ReportingCache, ctx: Context, body: () => R | Promise<R>): () => R | Promise<R> {
    if (this.#feed) return watching!.reporting(this.#feed, cache, ctx, body)
    if (!WRITES.has(ctx.command)) return body
    const copy = copyOf(ctx as WriteArgs)
    return () => {
      const work = body()
      return work instanceof Promise ? work.then((ret) => this.#hold(cache, copy, ret)) : this.#hold(cache, copy, work)
    }
  }

  /**
   * A `set` of one key (`key` in full) resolved while {@link active}: the watches hear it now, or once their code
   * is loaded. `true` when they will hear it later: the write's promise then waits for {@link delivered}.
   */
  stored(key: string, value: unknown, ttl: number | undefined, tags: readonly string[] | undefined): boolean {
    if (this.#feed) {
      this.#feed.stored(key, value, ttl, tags)
      return false
    }
    if (!this.#queue) return false
    this.#queue.push({ stored: [key, value, ttl, tags] })
    return true
  }

  /** Resolves to `true` once what was held while the code of watches loaded was delivered. */
  delivered(): Promise<true> {
    return this.#ready!.then(() => true as const)
  }

  /** `user` closed: its watches end (see {@link ChangeFeed.release}). */
  async release(user: object, watches: Iterable<Ending>): Promise<void> {
    if (this.#feed) return this.#feed.release(user, watches)
    for (const watch of [...watches]) watch.end()
    this.#users.delete(user)
  }

  #load(): void {
    if (this.#feed || this.#queue) return
    if (watching) return this.#loaded(watching)
    this.#queue = []
    this.#ready = import('./watching.js').then(
      (loaded) => this.#loaded(loaded),
      (error: unknown) => this.#failed(error),
    )
  }

  #loaded(loaded: typeof Watching): void {
    watching = loaded
    const feed = (this.#feed = loaded.feedOf(this.#backend))
    for (const user of this.#users) feed.use(user)
    this.#users.clear()
    const queue = this.#queue ?? []
    this.#queue = this.#ready = undefined
    loaded.drain(feed, queue)
  }

  #failed(error: unknown): void {
    const queue = this.#queue ?? []
    // The next watch (or shared write) tries again; the watches waiting end, and their caches tell why.
    this.#queue = this.#ready = undefined
    for (const held of queue) {
      if (!('watch' in held) || held.watch.ended) continue
      held.watch.cache.dispatchEvent(new CacheErrorEvent(error, '', 'watch'))
      held.watch.end()
    }
  }

  /** A write resolved: reported now once the feed is loaded, else held until it is (its promise waits as long). */
  #hold<R>(cache: ReportingCache, ctx: WriteArgs, ret: R): R | Promise<R> {
    if (this.#feed) {
      const made = watching!.changeOf(cache, ctx)?.(ret)
      if (made) this.#feed.report(made)
      return ret
    }
    if (!this.#queue) return ret
    this.#queue.push({ cache, ctx, ret })
    return this.#ready!.then(() => ret)
  }
}

/** What of a write's context its change is worked out from, as it was when the write started. */
function copyOf(ctx: WriteArgs): WriteArgs {
  const { command, key, value, pairs, ttl, options } = ctx
  return {
    command,
    key,
    value,
    pairs: pairs?.map(([key, value]) => [key, value]),
    ttl,
    options: { namespace: options.namespace, ttl: options.ttl, tags: options.tags },
  } as WriteArgs
}

const slots = new WeakMap<Backend, FeedSlot>()

/** The one feed slot of `backend` in this context, shared by every cache on it. */
export function slotOf(backend: Backend): FeedSlot {
  let slot = slots.get(backend)
  if (!slot) slots.set(backend, (slot = new FeedSlot(backend)))
  return slot
}
