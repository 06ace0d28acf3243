// Every command the model runs, as fast-check arbitraries for one target, weighted towards writes and reads.
import fc from 'fast-check'
import { delta, key, keys, scope, value } from './arbitraries.js'
import type { ModelCommand } from './check.js'
import { IncrementCommand } from './commands/increment.js'
import { EntriesCommand, KeysCommand, PagesCommand, PeekCommand } from './commands/listing.js'
import { MISUSES, MisuseCommand, type MisuseName } from './commands/misuse.js'
import { AddRace, IncrementRace, SetRace } from './commands/races.js'
import { ExistsCommand, GetCommand, MultiGetCommand, TtlCommand } from './commands/reads.js'
import {
  AddCommand,
  ClearCommand,
  DeleteCommand,
  ExpireCommand,
  MultiSetCommand,
  PassTimeCommand,
  SetCommand,
} from './commands/writes.js'
import { type Target, timing } from './world.js'

/** The commands of a run on `target`, each arbitrary weighted by how often it should come up. */
export function commandsOf(target: Target): fc.Arbitrary<ModelCommand> {
  const { ttls, waits } = timing(target)
  const ttl = fc.option(fc.constantFrom(...ttls), { nil: undefined, freq: 2 })
  const misuses = (Object.keys(MISUSES) as MisuseName[]).filter(
    (name) => target.unstorable !== undefined || !('needsUnstorable' in MISUSES[name]),
  )
  const start = fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined })
  const weighted: [number, fc.Arbitrary<ModelCommand>][] = [
    [5, fc.tuple(scope, key, value, ttl).map((args) => new SetCommand(...args))],
    [
      2,
      fc
        .tuple(scope, fc.array(fc.tuple(key, value), { maxLength: 4 }), ttl)
        .map((args) => new MultiSetCommand(...args)),
    ],
    [3, fc.tuple(scope, key, value, ttl).map((args) => new AddCommand(...args))],
    [4, fc.tuple(scope, key).map((args) => new GetCommand(...args))],
    // Per-call serializers (codecs.ts): a write that wraps the value, reads that unwrap it.
    [1, fc.tuple(scope, key, value, ttl).map((args) => new SetCommand(...args, true))],
    [1, fc.tuple(scope, key).map((args) => new GetCommand(...args, true))],
    [1, fc.tuple(scope, keys).map((args) => new MultiGetCommand(...args, true))],
    [2, fc.tuple(scope, keys).map((args) => new MultiGetCommand(...args))],
    [2, fc.tuple(scope, key).map((args) => new ExistsCommand(...args))],
    [2, fc.tuple(scope, key).map((args) => new DeleteCommand(...args))],
    [3, fc.tuple(scope, key, delta).map((args) => new IncrementCommand(...args))],
    [2, fc.tuple(scope, key, fc.constantFrom(...ttls)).map((args) => new ExpireCommand(...args))],
    [2, fc.tuple(scope, key).map((args) => new TtlCommand(...args))],
    [1, scope.map((at) => new KeysCommand(at))],
    [1, scope.map((at) => new EntriesCommand(at))],
    [1, fc.tuple(scope, keys).map((args) => new PeekCommand(...args))],
    [1, fc.tuple(scope, fc.integer({ min: 1, max: 4 })).map((args) => new PagesCommand(...args))],
    [1, scope.map((at) => new ClearCommand(at))],
    [3, fc.constantFrom(...waits).map((ms) => new PassTimeCommand(ms))],
    [1, fc.tuple(scope, key, fc.constantFrom(...misuses)).map((args) => new MisuseCommand(...args))],
    [
      1,
      fc
        .tuple(scope, key, start, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 8 }))
        .map((args) => new IncrementRace(...args)),
    ],
    [
      1,
      fc
        .tuple(scope, key, fc.option(value, { nil: undefined }), fc.integer({ min: 2, max: 6 }))
        .map((args) => new AddRace(...args)),
    ],
    [1, fc.tuple(scope, key, fc.array(fc.nat(5), { minLength: 2, maxLength: 8 })).map((args) => new SetRace(...args))],
  ]
  return fc.oneof(...weighted.map(([weight, arbitrary]) => ({ weight, arbitrary })))
}
