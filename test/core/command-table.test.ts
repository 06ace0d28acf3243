// The command table is the one list of commands: the hooked ones, their hook names and their per-call options all
// come from it, and hook contexts are read-only in the types, as the commands ignore writes to them.
import { describe, expect, expectTypeOf, it } from 'vitest'
import { COMMAND_TABLE, HOOKED_COMMANDS, type HookName } from '../../src/core/commands.js'
import { Cache } from '../../src/core/cache.js'
import { COMMANDS } from '../../src/core/hooks.js'
import type { PluginHooks } from '../../src/plugins/base.js'
import type { PostContext, PreContext } from '../../src/plugins/context.js'

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
})
