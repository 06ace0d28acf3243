// What `Cache` delegates to beyond the basic commands: watching and tags, in modules of their own. The code of
// watches (the change feed, each watch) loads on first use through the feed slot, and `purge` loads when called.
export { type Ending, type FeedSlot, slotOf } from './feed-slot.js'
export type { ChangeStream } from './change-stream.js'
export { invalidate, writeTags } from './tags.js'
export type { WatchListener, WatchOptions, WatchTarget } from './watch-target.js'
export { startWatch } from './watch-start.js'
