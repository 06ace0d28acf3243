import type { CommandRecord } from '../src/plugins/command-events.js'

export type { RefreshStats } from '../src/plugins/wrapper-records.js'

/**
 * One row of the inspector's log: a command's record, or (with `kind`) something a function-caching wrapper did
 * around the commands (a `WrapperRecord`): a `'stale'` answer, or a background `'refresh'`.
 */
export type LogEntry = Readonly<Omit<CommandRecord, 'command'>> & {
  /** The command, or `'refresh'` for a background refresh. */
  readonly command: string
  /** `'stale'` or `'refresh'` for a wrapper's row; absent for a command. */
  readonly kind?: 'stale' | 'refresh'
}
