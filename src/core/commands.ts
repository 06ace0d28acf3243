// The one list of commands: which run plugin hooks and which per-call options each takes. Hook names, the hook
// and context types, the option checks and the plugins' per-command tables are derived from it, so a command added
// here and missing there is a compile error.

const CALL = ['namespace', 'timeout'] as const
const READ = [...CALL, 'loads'] as const
const WRITE = [...CALL, 'ttl', 'dumps'] as const

/** Every command of a `Cache`: whether it runs plugin hooks, and the per-call options it takes. */
export const COMMAND_TABLE = {
  get: { hooked: true, options: READ },
  multiGet: { hooked: true, options: READ },
  set: { hooked: true, options: [...WRITE, 'tags'] },
  multiSet: { hooked: true, options: [...WRITE, 'tags'] },
  add: { hooked: true, options: WRITE },
  exists: { hooked: true, options: CALL },
  increment: { hooked: true, options: [...CALL, 'dumps', 'loads'] },
  expire: { hooked: true, options: CALL },
  delete: { hooked: true, options: CALL },
  clear: { hooked: true, options: CALL },
  raw: { hooked: true, options: [] },
  ttl: { hooked: false, options: CALL },
  keys: { hooked: false, options: CALL },
  entries: { hooked: false, options: READ },
  snapshot: { hooked: false, options: READ },
  snapshotPage: { hooked: false, options: [...READ, 'cursor', 'limit'] },
  peek: { hooked: false, options: READ },
  compareAndSwap: { hooked: false, options: CALL },
  getStored: { hooked: false, options: CALL },
  invalidateTags: { hooked: false, options: ['timeout'] },
  purge: { hooked: false, options: ['timeout'] },
} as const satisfies Record<string, { hooked: boolean; options: readonly string[] }>

/** Every command that goes through the pipeline (validation, keys, timeout). */
export type CommandName = keyof typeof COMMAND_TABLE

/** Every command that runs plugin hooks. */
export type HookedCommand = {
  [C in CommandName]: (typeof COMMAND_TABLE)[C]['hooked'] extends true ? C : never
}[CommandName]

/** The names of the hooks of a command: `pre<Command>` and `post<Command>`. */
export type HookName<C extends HookedCommand = HookedCommand> = `pre${Capitalize<C>}` | `post${Capitalize<C>}`

/** The names of the two hooks of `command`, as the pipeline looks them up on a plugin. */
export function hookNames<C extends HookedCommand>(
  command: C,
): { pre: `pre${Capitalize<C>}`; post: `post${Capitalize<C>}` } {
  const suffix = (command[0]!.toUpperCase() + command.slice(1)) as Capitalize<C>
  return { pre: `pre${suffix}`, post: `post${suffix}` }
}

/** Every command that runs plugin hooks, in the order of the API table. */
export const HOOKED_COMMANDS: readonly HookedCommand[] = Object.freeze(
  (Object.keys(COMMAND_TABLE) as CommandName[]).filter(
    (command): command is HookedCommand => COMMAND_TABLE[command].hooked,
  ),
)

/** `true` when `Listed` names every member of `All`; else the members it misses (a compile error where used). */
export type Exhaustive<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>
