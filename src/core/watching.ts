// What the core loads on first use of watching (see feed-slot.ts): the change feed of a backend, the watches and
// what each write reports to them. An app's bundler makes it a chunk of its own.
import type { ChangeFeed } from './change-feed.js'
import type { Held } from './feed-slot.js'
import { Watch } from './watch.js'
import { changeOf } from './watch-report.js'

export { feedOf } from './change-feed.js'
export { Watch } from './watch.js'
export { changeOf, reporting } from './watch-report.js'

/** Hands `feed` what happened while this code loaded, in order: each waiting watch starts, each write is reported. */
export function drain(feed: ChangeFeed, queue: readonly Held[]): void {
  for (const held of queue) {
    if ('stored' in held) feed.stored(...held.stored)
    else if ('watch' in held) {
      const { watch } = held
      if (!watch.ended) watch.real = new Watch(watch.cache, feed, watch.target, watch.deliver, watch.onEnd)
    } else {
      const made = changeOf(held.cache, held.ctx)?.(held.ret)
      if (made) feed.report(made)
    }
  }
}
