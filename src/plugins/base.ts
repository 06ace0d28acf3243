import { type Exhaustive, HOOKED_COMMANDS, type HookName, type HookedCommand, hookNames } from '../core/commands.js'
import type { ErrorContext, PostContext, PreContext } from './context.js'

/** What a hook returns: nothing, or a promise the pipeline awaits (unless its plugin is `synchronous`). */
type Result = void | Promise<unknown>
type Listener = EventListenerOrEventListenerObject | ((event: never) => void) | null

/**
 * The context hook `H` receives, from its name: `pre<Command>` a {@link PreContext} of that command,
 * `post<Command>` a {@link PostContext}.
 */
export type HookContext<H extends HookName> = {
  [C in HookedCommand]: H extends `pre${Capitalize<C>}`
    ? PreContext<C>
    : H extends `post${Capitalize<C>}`
      ? PostContext<C>
      : never
}[HookedCommand]

/**
 * The optional hooks a plugin may define: `pre<Command>` before and `post<Command>` after every hooked
 * command, each given that command's context ({@link PreContext}, {@link PostContext}), and `onError` when one
 * fails. They are methods so that subclasses can override them.
 */
// TypeScript gives a mapped type properties, never methods (which a subclass could not override with a method), so
// the hooks are listed here, and checked below against the hook names the command table derives.
export interface PluginHooks {
  preGet?(ctx: PreContext<'get'>): Result
  postGet?(ctx: PostContext<'get'>): Result
  preMultiGet?(ctx: PreContext<'multiGet'>): Result
  postMultiGet?(ctx: PostContext<'multiGet'>): Result
  preSet?(ctx: PreContext<'set'>): Result
  postSet?(ctx: PostContext<'set'>): Result
  preMultiSet?(ctx: PreContext<'multiSet'>): Result
  postMultiSet?(ctx: PostContext<'multiSet'>): Result
  preAdd?(ctx: PreContext<'add'>): Result
  postAdd?(ctx: PostContext<'add'>): Result
  preExists?(ctx: PreContext<'exists'>): Result
  postExists?(ctx: PostContext<'exists'>): Result
  preIncrement?(ctx: PreContext<'increment'>): Result
  postIncrement?(ctx: PostContext<'increment'>): Result
  preExpire?(ctx: PreContext<'expire'>): Result
  postExpire?(ctx: PostContext<'expire'>): Result
  preDelete?(ctx: PreContext<'delete'>): Result
  postDelete?(ctx: PostContext<'delete'>): Result
  preClear?(ctx: PreContext<'clear'>): Result
  postClear?(ctx: PostContext<'clear'>): Result
  preRaw?(ctx: PreContext<'raw'>): Result
  postRaw?(ctx: PostContext<'raw'>): Result
  /** Runs when a command failed (a hook's error and timeouts included); post-hooks do not run then. */
  onError?(ctx: ErrorContext): Result
  /**
   * `true` when none of the hooks ever returns a promise: the pipeline then calls them inline, one after the
   * other, without looking at what they return (a promise returned anyway is not awaited). The built-in plugins
   * say so.
   * @default false
   */
  readonly synchronous?: boolean
}

// Each hooked command of the command table has its two hooks above, each taking the context its name gives it, and
// nothing else is a hook: a command added to the table without its hooks here (or a hook for no command, or one
// taking another command's context) fails to compile.
type ContextOfHook<H extends HookName> = Parameters<NonNullable<PluginHooks[H]>>[0]
type MistypedHooks = {
  [H in HookName]: [ContextOfHook<H>] extends [HookContext<H>]
    ? [HookContext<H>] extends [ContextOfHook<H>]
      ? never
      : H
    : H
}[HookName]
const hooks: [
  Exhaustive<keyof PluginHooks, HookName | 'onError' | 'synchronous'>,
  Exhaustive<HookName | 'onError' | 'synchronous', keyof PluginHooks>,
  Exhaustive<never, MistypedHooks>,
] = [true, true, true]
void hooks

/** Anything with hooks can be a plugin; extending {@link BasePlugin} adds DOM events. */
export type Plugin = PluginHooks

// Declaration merging gives BasePlugin the optional hook members without defining any of them, so
// the pipeline can skip every hook a plugin does not define.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
export interface BasePlugin<Events extends object = {}> extends PluginHooks {}

/**
 * Base class of plugins. Define only the hooks you need, sync or async; they are awaited in list order
 * inside the command's timeout. Plugins are `EventTarget`s, so they can publish what they see as DOM events.
 * `Events` maps a plugin's own event types to their classes (`BasePlugin<{ timing: TimingEvent }>`), which
 * types their listeners.
 *
 * @example
 * class LogSets extends BasePlugin {
 *   async postSet(ctx: PostContext<'set'>) { console.log(ctx.key, ctx.took) }
 * }
 * cache.plugins.push(new LogSets())
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export class BasePlugin<Events extends object = {}> extends EventTarget {
  readonly #listeners = new Map<string, Set<unknown>>()
  #listening = 0

  /** Listens for one of this plugin's own events (typed by `Events`), or for any other event. */
  override addEventListener<K extends keyof Events & string>(
    type: K,
    listener: (event: Events[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void
  override addEventListener(type: string, listener: Listener, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options)
    if (!listener) return
    const listeners = this.#listeners.get(type) ?? this.#listeners.set(type, new Set()).get(type)!
    if (!listeners.has(listener)) this.#listening++
    listeners.add(listener)
  }

  override removeEventListener<K extends keyof Events & string>(
    type: K,
    listener: (event: Events[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void
  override removeEventListener(type: string, listener: Listener, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options)
    if (this.#listeners.get(type)?.delete(listener)) this.#listening--
  }

  /**
   * Whether anyone listens for `type`, so a plugin can skip building events nobody reads. It may say yes for a
   * listener already gone (`once`, an aborted signal), never no for one still there.
   */
  protected hasListeners(type: string): boolean {
    // Asked after every command: a plugin nobody listens to answers without a lookup.
    return this.#listening > 0 && (this.#listeners.get(type)?.size ?? 0) > 0
  }
}

/**
 * Gives `plugin` (a class prototype) one post-hook for every hooked command, each calling `record(ctx, index)`
 * with the command's index in `HOOKED_COMMANDS`: for plugins that treat all commands alike, such as timing or
 * event publishing.
 */
export function definePostHooks<P extends BasePlugin>(
  prototype: P,
  record: (this: P, ctx: PostContext, index: number) => void,
): void {
  HOOKED_COMMANDS.forEach((command, index) => {
    Object.defineProperty(prototype, hookNames(command).post, {
      value(this: P, ctx: PostContext) {
        record.call(this, ctx, index)
      },
      writable: true,
      configurable: true,
    })
  })
}
