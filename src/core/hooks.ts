import type { Plugin } from '../plugins/base.js'
import { HOOKED_COMMANDS, type HookName, type HookedCommand, hookNames } from './commands.js'

/** A hook as the pipeline calls it: `fn.call(plugin, ctx)`. */
export type Hook = (ctx: never) => unknown

/** The hooks of one kind (say, every `preGet`) over a list of plugins, in list order. */
export interface HookList {
  /** The hook functions. */
  readonly fns: readonly Hook[]
  /** The plugin each hook belongs to (its `this`). */
  readonly owners: readonly Plugin[]
  /** Whether every one of them is from a plugin that declared itself `synchronous`. */
  readonly synchronous: boolean
  /** Calls them all in order, without looking at what they return: how the hooks of synchronous plugins run. */
  readonly callAll: (ctx: never) => void
}

/** One hooked command's hooks over one plugin list. */
export interface HookPlan {
  readonly pre: HookList
  readonly post: HookList
  readonly onError: HookList
  /** Whether the pre- and post-hooks are all of synchronous plugins. */
  readonly synchronous: boolean
  /**
   * Whether its only hooks are post-hooks of synchronous plugins: a command answered at once can then call them
   * itself, with no error hook to tell of a failure.
   */
  readonly direct: boolean
}

/** A hooked command and the names of its hooks, made once per command. */
export interface CommandSpec<C extends HookedCommand = HookedCommand> {
  readonly name: C
  /** Index in `HOOKED_COMMANDS`. */
  readonly index: number
  /** `pre<Command>`. */
  readonly pre: `pre${Capitalize<C>}`
  /** `post<Command>`. */
  readonly post: `post${Capitalize<C>}`
}

/** The spec of every hooked command, by name. */
export const COMMANDS = Object.freeze(
  Object.fromEntries(HOOKED_COMMANDS.map((name, index) => [name, { name, index, ...hookNames(name) }])),
) as { readonly [C in HookedCommand]: CommandSpec<C> }

function listOf(plugins: readonly Plugin[], name: HookName | 'onError'): HookList {
  const fns: Hook[] = []
  const owners: Plugin[] = []
  let synchronous = true
  for (const plugin of plugins) {
    const hook: unknown = plugin[name]
    // Plugins pay only for the hooks they define.
    if (typeof hook !== 'function') continue
    fns.push(hook as Hook)
    owners.push(plugin)
    if (plugin.synchronous !== true) synchronous = false
  }
  return { fns, owners, synchronous, callAll: callerOf(fns, owners) }
}

/**
 * One function calling `fns` on their `owners` in order. The common lists, one or two hooks, get a function of their
 * own whose calls the engine can see through, rather than a loop over an array shared by every list.
 */
function callerOf(fns: readonly Hook[], owners: readonly Plugin[]): (ctx: never) => void {
  const [first, second] = fns
  const [one, two] = owners
  if (fns.length === 1) return (ctx) => void first!.call(one, ctx)
  if (fns.length === 2)
    return (ctx) => {
      first!.call(one, ctx)
      second!.call(two, ctx)
    }
  return (ctx) => {
    for (let i = 0; i < fns.length; i++) fns[i]!.call(owners[i], ctx)
  }
}

/**
 * The hooks a cache's commands run, looked up once per plugin list rather than once per command: a plan holds
 * until the list changes (a plugin pushed, removed or replaced, or the array itself replaced).
 */
export class HookTable {
  #source: readonly Plugin[] | undefined
  #members: readonly Plugin[] = []
  // One plan per hooked command; `null`: the command has no hook at all.
  readonly #plans: (HookPlan | null | undefined)[] = []

  /** The hooks of `command` over `plugins`, or `undefined` when no plugin has one for it. */
  plan(plugins: readonly Plugin[], command: CommandSpec): HookPlan | undefined {
    // Compared on every command: the list, its length and its first two members, so that what most lists hold is
    // checked without a loop or a call.
    const members = this.#members
    const plan =
      plugins === this.#source &&
      plugins.length === members.length &&
      plugins[0] === members[0] &&
      plugins[1] === members[1] &&
      (members.length < 3 || this.#holds(plugins))
        ? this.#plans[command.index]
        : undefined
    return plan === undefined ? this.#make(plugins, command) : (plan ?? undefined)
  }

  /** Makes the plan of `command`, after dropping the plans of a list that has changed. Out of line. */
  #make(plugins: readonly Plugin[], command: CommandSpec): HookPlan | undefined {
    if (plugins !== this.#source || !this.#holds(plugins)) {
      this.#source = plugins
      this.#members = plugins.slice()
      this.#plans.length = 0
    }
    const pre = listOf(plugins, command.pre)
    const post = listOf(plugins, command.post)
    const onError = listOf(plugins, 'onError')
    const empty = pre.fns.length + post.fns.length + onError.fns.length === 0
    const synchronous = pre.synchronous && post.synchronous
    const direct = post.synchronous && pre.fns.length + onError.fns.length === 0
    return (this.#plans[command.index] = empty ? null : { pre, post, onError, synchronous, direct }) ?? undefined
  }

  /** Whether `plugins` holds the members the plans were made for. */
  #holds(plugins: readonly Plugin[]): boolean {
    const members = this.#members
    if (plugins.length !== members.length) return false
    for (let i = 0; i < members.length; i++) if (plugins[i] !== members[i]) return false
    return true
  }
}
