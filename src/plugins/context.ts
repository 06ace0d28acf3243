import type { Cache } from '../core/cache.js'
import type { COMMAND_TABLE, Exhaustive } from '../core/commands.js'
import type {
  CommandOptions,
  CounterOptions,
  HookedCommand,
  ReadOptions,
  SetOptions,
  WriteOptions,
} from '../core/types.js'

/**
 * What each hooked command's hooks see before it runs, besides `cache` and `command`: its arguments, and
 * `options`, the per-call options the command takes (those of the command table, no other).
 */
export interface CommandArguments<V = unknown> {
  get: { key: string; default: unknown; options: ReadOptions }
  multiGet: { keys: string[]; options: ReadOptions }
  set: { key: string; value: V; options: SetOptions }
  multiSet: { pairs: [string, V][]; options: SetOptions }
  add: { key: string; value: V; options: WriteOptions }
  exists: { key: string; options: CommandOptions }
  increment: { key: string; delta: number; options: CounterOptions }
  expire: { key: string; ttl: number; options: CommandOptions }
  delete: { key: string; options: CommandOptions }
  clear: { options: CommandOptions }
  /** `raw` takes no options: `options` is always empty. */
  raw: { rawCommand: string; args: unknown[]; options: Readonly<Record<never, never>> }
}

/** What each hooked command resolves to: the `ret` of its post-hooks. */
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

/** What some commands' post-hooks learn besides `ret` and `took`. */
export interface CommandOutcomes {
  /** `tier`: index of the tier that answered (`0` on a backend without tiers), `-1` on a miss. */
  get: { found: boolean; tier: number }
  /** Per key, as for `get`. */
  multiGet: { found: boolean[]; tier: number[] }
}

// The tables above are keyed by exactly the hooked commands of the command table, and each command's `options`
// names exactly the options the table gives it: a command added there without its context here (or a context, or
// an option, that the table does not know) fails to compile.
type OptionsOf<C extends HookedCommand> = (typeof COMMAND_TABLE)[C]['options'][number]
type ContextOptions<C extends HookedCommand> = keyof CommandArguments[C]['options']
// The commands whose context's options differ from the table's (`never` when none does).
type OptionsDisagree = {
  [C in HookedCommand]: [Exclude<ContextOptions<C>, OptionsOf<C>> | Exclude<OptionsOf<C>, ContextOptions<C>>] extends [
    never,
  ]
    ? never
    : C
}[HookedCommand]
const contexts: [
  Exhaustive<keyof CommandArguments, HookedCommand>,
  Exhaustive<HookedCommand, keyof CommandArguments>,
  Exhaustive<keyof CommandResults, HookedCommand>,
  Exhaustive<HookedCommand, keyof CommandResults>,
  Exhaustive<HookedCommand, keyof CommandOutcomes>,
  Exhaustive<never, OptionsDisagree>,
] = [true, true, true, true, true, true]
void contexts

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
