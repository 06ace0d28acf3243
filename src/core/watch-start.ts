// How `cache.watch` starts a watch: the listener form (an unsubscribe function) or the stream form, both returned
// at once; the watch itself starts now, or once the code of watches is loaded (see feed-slot.ts).
import { ChangeStream } from './change-stream.js'
import type { Ending, FeedSlot } from './feed-slot.js'
import { type CacheChange, type WatchedCache, signalOf, targetOf } from './watch-target.js'

/**
 * Starts watching `target` on `cache`: with a `listener`, returns its unsubscribe function; without one (`listener`
 * is then the options), a {@link ChangeStream}. Throws a `TypeError` on a bad target, listener or option.
 */
export function startWatch<V>(
  cache: WatchedCache,
  feed: FeedSlot,
  watches: Set<Ending>,
  target: unknown,
  listener: unknown,
  options: unknown,
): (() => void) | ChangeStream<V> {
  const streamed = typeof listener !== 'function'
  if (streamed && listener !== undefined && (typeof listener !== 'object' || listener === null)) {
    throw new TypeError(`watch: listener must be a function, got ${typeof listener}`)
  }
  const signal = signalOf(streamed ? listener : options)
  const checked = targetOf(cache, target)
  const stream = streamed ? new ChangeStream<V>() : undefined
  const deliver = stream ? (change: CacheChange<V>) => stream.push(change) : (listener as (c: CacheChange<V>) => void)
  if (signal?.aborted) {
    stream?.close()
    return stream ?? (() => {})
  }
  const onAbort = () => watch.end()
  const watch: Ending = feed.watch<V>(cache, checked, deliver, () => {
    watches.delete(watch)
    signal?.removeEventListener('abort', onAbort)
    stream?.close()
  })
  watches.add(watch)
  signal?.addEventListener('abort', onAbort, { once: true })
  const stop = () => watch.end()
  if (!stream) return stop
  stream.stopWith(stop)
  return stream
}
