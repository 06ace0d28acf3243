import type { Cache } from '../core/cache.js'
import type { CommandOptions, HookedCommand, ReadOptions, WriteOptions } from '../core/types.js'

/** What each command's hooks see before it runs, besides `cache` and `command`. */
export interface CommandArguments<V = unknown> {
  get: { key: string; default: unknown; options: ReadOptions }
  multiGet: { keys: string[]; options: ReadOptions }
  set: { key: string; value: V; options: WriteOptions }
  multiSet: { pairs: [string, V][]; options: WriteOptions }
  add: { key: string; value: V; options: WriteOptions }
  exists: { key: string; options: CommandOptions }
  increment: { key: string; delta: number; options: CommandOptions }
  expire: { key: string; ttl: number; options: CommandOptions }
  delete: { key: string; options: CommandOptions }
  clear: { options: CommandOptions }
  raw: { rawCommand: string; args: unknown[]; options: CommandOptions }
}

/** What each command resolves to. */
export interface CommandResults<V = unknown> {
  get: V | undefined
  multiGet: (V | undefined)[]
  set: true
  multiSet: true
  add: true
  exists: boolean
  increment: number
  expire: boolean
  delete: number
  clear: true
  raw: unknown
}

/** What each command's post-hooks learn besides `ret` and `took`. */
export interface CommandOutcomes {
  /** `tier`: index of the tier that answered (`0` on a backend without tiers), `-1` on a miss. */
  get: { found: boolean; tier: number }
  /** Per key, as for `get`. */
  multiGet: { found: boolean[]; tier: number[] }
}

/** The context a `pre<Command>` hook receives; read-only, as the command runs on its own arguments. */
export type PreContext<C extends HookedCommand = HookedCommand, V = unknown> = {
  [K in C]: Readonly<{ cache: Cache<V>; command: K } & CommandArguments<V>[K]>
}[C]

/**
 * The context a `post<Command>` hook receives: the pre context plus the result and how long it took (ms);
 * read-only, as the command resolves to its own result whatever a hook writes.
 */
export type PostContext<C extends HookedCommand = HookedCommand, V = unknown> = {
  [K in C]: Readonly<
    { cache: Cache<V>; command: K; ret: CommandResults<V>[K]; took: number } & CommandArguments<V>[K] &
      (K extends keyof CommandOutcomes ? CommandOutcomes[K] : unknown)
  >
}[C]

/** The context an `onError` hook receives when a command failed (timeouts included); read-only. */
export type ErrorContext<C extends HookedCommand = HookedCommand, V = unknown> = {
  [K in C]: Readonly<{ cache: Cache<V>; command: K; error: unknown; took: number } & CommandArguments<V>[K]>
}[C]
