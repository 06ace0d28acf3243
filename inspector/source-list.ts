import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Cache } from '../src/core/cache.js'
import { caches as registry } from '../src/core/registry.js'
import { BRIDGE_CHANNEL } from '../src/plugins/bridge-protocol.js'
import { BridgeClient } from './bridge-client.js'
import { LocalSource, type Source } from './source.js'

/** What the inspector was given to watch. */
export interface Wanted {
  /** `el.cache`: a cache, or an alias of the `caches` registry. */
  cache: Cache | string | undefined
  /** `el.caches`. */
  caches: readonly Cache[]
}

/**
 * Every cache the inspector can show: the ones it was given, the `caches` registry's (it follows the registry's
 * announcements, so an alias configured later appears), and the ones bridged from other contexts of the origin.
 */
export class SourceList implements ReactiveController {
  readonly #host: ReactiveControllerHost
  readonly #client = new BridgeClient()
  readonly #local = new WeakMap<Cache, LocalSource>()
  #channel = BRIDGE_CHANNEL
  #connected = false

  constructor(host: ReactiveControllerHost) {
    this.#host = host
    host.addController(this)
    this.#client.onChange = () => host.requestUpdate()
  }

  /** The bridge channel listened to; `''` listens to none. */
  get channel(): string {
    return this.#channel
  }

  set channel(channel: string) {
    if (channel === this.#channel) return
    this.#channel = channel
    if (this.#connected) this.#open()
  }

  /** Bridge messages that failed validation. */
  get malformed(): number {
    return this.#client.malformed
  }

  hostConnected(): void {
    this.#connected = true
    registry.addEventListener('change', this.#onRegistry)
    this.#open()
  }

  hostDisconnected(): void {
    this.#connected = false
    registry.removeEventListener('change', this.#onRegistry)
    this.#client.close()
  }

  /** Whether `wanted.cache` names an alias the registry does not have yet. */
  waitingFor({ cache }: Wanted): string | undefined {
    return typeof cache === 'string' && !registry.has(cache) ? cache : undefined
  }

  /** The source `wanted.cache` names, or `undefined`. */
  primary({ cache }: Wanted): Source | undefined {
    if (cache === undefined || cache === '') return undefined
    if (typeof cache !== 'string') return this.#sourceOf(cache)
    return registry.has(cache) ? this.#sourceOf(registry.get(cache), cache) : undefined
  }

  /** Every source, in order: the one asked for, `caches`, the registry's, the bridged ones. */
  all(wanted: Wanted): Source[] {
    const sources = new Set<Source>()
    const add = (source: Source | undefined) => source && sources.add(source)
    add(this.primary(wanted))
    wanted.caches.forEach((cache, i) => add(this.#sourceOf(cache, undefined, i)))
    for (const [alias, cache] of registry.instances()) add(this.#sourceOf(cache, alias))
    for (const source of this.#client.sources.values()) add(source)
    return [...sources]
  }

  #sourceOf(cache: Cache, alias?: string, index?: number): LocalSource {
    let source = this.#local.get(cache)
    if (!source) {
      const name = alias ?? cache.namespace ?? `${cache.backend.name}${index === undefined ? '' : ` #${index + 1}`}`
      this.#local.set(cache, (source = new LocalSource(cache, name, `${name}:${Math.random().toString(36).slice(2)}`)))
    }
    return source
  }

  #open(): void {
    this.#client.close()
    if (this.#channel) this.#client.open(this.#channel)
  }

  readonly #onRegistry = (): void => this.#host.requestUpdate()
}
