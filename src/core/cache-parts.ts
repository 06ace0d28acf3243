// What \`Cache\` delegates to beyond the basic commands: watching, tags and purging, in modules of their own.
export { type ChangeFeed, feedOf } from './change-feed.js'
export type { ChangeStream } from './change-stream.js'
export { purge } from './purge.js'
export { invalidate, writeTags } from './tags.js'
export type { Watch, WatchListener, WatchOptions, WatchTarget } from './watch.js'
export { startWatch } from './watch-start.js'
