// The command table is the one list of commands: the hooked ones, their hook names and their per-call options all
// come from it, and hook contexts are read-only in the types, as the commands ignore writes to them.
import { describe, expect, expectTypeOf, it } from 'vitest'
import { COMMAND_TABLE, HOOKED_COMMANDS, type HookName, type HookedCommand } from '../../src/core/commands.js'
import { Cache } from '../../src/core/cache.js'
import { COMMANDS } from '../../src/core/hooks.js'
import type { HookContext, PluginHooks } from '../../src/plugins/base.js'
import type { ErrorContext, PostContext, PreContext } from '../../src/plugins/context.js'
import type { ReadOptions, SetOptions, WriteOptions } from '../../src/core/types.js'

/** The context the hook `H` of a plugin is called with. */
type ContextOf<H extends HookName | 'onError'> = Parameters<NonNullable<PluginHooks[H]>>[0]

describe('the command table', () => {
  it('gives the hooked commands, in the order of the API table, and their hook names', () => {
    expect(HOOKED_COMMANDS).toEqual([
      'get',
      'multiGet',
      'set',
      'multiSet',
      'add',
      'exists',
      'increment',
      'expire',
      'delete',
      'clear',
      'raw',
    ])
    expect(COMMANDS.multiGet).toMatchObject({ pre: 'preMultiGet', post: 'postMultiGet' })
    expectTypeOf<HookName<'multiSet'>>().toEqualTypeOf<'preMultiSet' | 'postMultiSet'>()
    expectTypeOf<keyof PluginHooks>().toEqualTypeOf<HookName | 'onError' | 'synchronous'>()
  })

  it('gives each command its per-call options: any other is refused, naming the known ones', async () => {
    const cache = new Cache()
    for (const [command, { options }] of Object.entries(COMMAND_TABLE)) {
      if (command === 'raw' || command === 'compareAndSwap' || command === 'getStored') continue
      const call = (cache as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[command]!
      const args =
        command === 'multiGet' || command === 'peek' || command === 'multiSet'
          ? [[]]
          : command === 'invalidateTags'
            ? [['tag']]
            : ['k']
      const extra = command === 'set' || command === 'add' ? [1] : command === 'expire' ? [0] : []
      const position = ['keys', 'entries', 'snapshot', 'snapshotPage', 'clear', 'purge'].includes(command)
        ? []
        : command === 'get'
          ? [...args, undefined]
          : command === 'increment'
            ? [...args, 1]
            : [...args, ...extra]
      await expect(call.call(cache, ...position, { nope: 1 }), command).rejects.toThrow(`known: ${options.join(', ')}`)
    }
  })

  it('types hook contexts as read-only', () => {
    expectTypeOf<PreContext<'set'>['value']>().toBeUnknown()
    const pre = (ctx: PreContext<'set'>) => {
      // @ts-expect-error: writing the value is ignored by the command, so the type refuses it
      ctx.value = 2
    }
    const post = (ctx: PostContext<'get'>) => {
      // @ts-expect-error: the result is the command's own
      ctx.ret = 'other'
    }
    expect([pre, post]).toHaveLength(2)
  })

  it("gives each hook its own command's context: its arguments, its result, its outcome", () => {
    expectTypeOf(COMMANDS.multiSet.post).toEqualTypeOf<'postMultiSet'>()
    expectTypeOf<HookContext<'preSet'>>().toEqualTypeOf<PreContext<'set'>>()
    expectTypeOf<ContextOf<'preGet'>>().toEqualTypeOf<PreContext<'get'>>()
    expectTypeOf<ContextOf<'postGet'>>().toEqualTypeOf<PostContext<'get'>>()
    expectTypeOf<ContextOf<'onError'>>().toEqualTypeOf<ErrorContext>()

    expectTypeOf<PreContext<'get'>>().toEqualTypeOf<
      Readonly<{ cache: Cache; command: 'get'; key: string; default: unknown; options: ReadOptions }>
    >()
    expectTypeOf<PostContext<'get', string>['ret']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<PostContext<'get'>['found']>().toEqualTypeOf<boolean>()
    expectTypeOf<PostContext<'multiGet'>['tier']>().toEqualTypeOf<number[]>()
    expectTypeOf<PreContext<'set', number>['value']>().toEqualTypeOf<number>()
    // `set` takes tags, `add` does not: each context's options are those of the command table.
    expectTypeOf<PreContext<'set'>['options']>().toEqualTypeOf<SetOptions>()
    expectTypeOf<PreContext<'add'>['options']>().toEqualTypeOf<WriteOptions>()
    expectTypeOf<PreContext<'multiSet', number>['pairs']>().toEqualTypeOf<[string, number][]>()
    expectTypeOf<PostContext<'increment'>['ret']>().toEqualTypeOf<number>()
    expectTypeOf<PostContext<'delete'>['ret']>().toEqualTypeOf<number>()
    expectTypeOf<PostContext<'exists'>['ret']>().toEqualTypeOf<boolean>()
    expectTypeOf<PostContext<'clear'>['ret']>().toEqualTypeOf<true>()
    expectTypeOf<PreContext<'raw'>>().toHaveProperty('rawCommand').toEqualTypeOf<string>()
    expectTypeOf<ErrorContext<'expire'>>().toHaveProperty('ttl').toEqualTypeOf<number>()
    // Only get and multiGet report found/tier; pre-hooks see no result.
    expectTypeOf<PostContext<'set'>>().not.toHaveProperty('found')
    expectTypeOf<PreContext<'get'>>().not.toHaveProperty('ret')
    // Without a command, a context is the union of every command's, told apart by `command`.
    const narrow = (ctx: PostContext) => (ctx.command === 'multiGet' ? ctx.keys : ctx.command)
    expectTypeOf(narrow).returns.toEqualTypeOf<string[] | Exclude<HookedCommand, 'multiGet'>>()
  })
})
