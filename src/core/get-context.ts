import { ABSENT } from '../backends/backend.js'
import type { Cache } from './cache.js'
import { loadWith } from './serialize.js'
import type { ReadOptions } from './types.js'

/**
 * One `get` that runs hooks: the context its hooks see (`cache`, `command`, `key`, `default`, `options`, then
 * `found`, `tier`, `ret` and `took`) and, out of their sight, what its body runs with (the default, the stored key,
 * the loader).
 * One object, its body a method: a hooked `get` allocates no closure, and its context never changes shape.
 */
export class GetContext {
  // Declared, not defined: the constructor gives each field its one value, in this order.
  declare readonly cache: Cache
  declare readonly command: 'get'
  declare readonly key: string
  declare readonly default: unknown
  declare readonly options: ReadOptions
  declare found: boolean
  declare tier: number
  declare ret: unknown
  declare took: number
  // What the body runs with: a hook that writes to the context changes none of it.
  readonly #default: unknown
  readonly #full: string
  readonly #loads: (raw: unknown) => unknown
  readonly #watched: boolean

  constructor(
    cache: Cache,
    key: string,
    defaultValue: unknown,
    options: ReadOptions,
    full: string,
    loads: (raw: unknown) => unknown,
    watched: boolean,
  ) {
    this.cache = cache
    this.command = 'get'
    this.key = key
    this.default = defaultValue
    this.options = options
    this.found = false
    this.tier = -1
    this.ret = undefined
    this.took = 0
    this.#default = defaultValue
    this.#full = full
    this.#loads = loads
    this.#watched = watched
  }

  /**
   * The body of the command: an in-process store (or a memory tier that has the key) answers at once, a hit or a
   * miss; another store with a promise. Unwatched, the store has already said it cannot answer at once.
   */
  read(): unknown {
    const { backend } = this.cache
    const now = this.#watched ? backend.getNow?.(this.#full, this) : undefined
    return now === undefined ? backend.get(this.#full, this).then((raw) => this.#answer(raw)) : this.#answer(now)
  }

  #answer(raw: unknown): unknown {
    const found = raw !== undefined && raw !== ABSENT
    this.found = found
    // A backend without tiers reports nothing: a hit came from its only tier.
    this.tier = found ? Math.max(this.tier, 0) : -1
    return found ? loadWith(this.#loads, raw, this.#full) : this.#default
  }
}
