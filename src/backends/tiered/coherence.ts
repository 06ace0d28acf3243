import type { Backend, BackendChannel } from '../backend.js'
import { ChangeLog } from '../change-log.js'
import { type NoticeBody, notice, parseNotice } from './notices.js'

/** What changed: keys, or every key under a prefix (`''`: every key). */
export type Change = { keys: string[] } | { prefix: string }

/** Who hears, besides the faster tiers, what other contexts changed and when notices may have been missed. */
export interface CoherenceListener {
  /** Another context changed `change`. */
  change(change: Change): void
  /** The line dropped (`open` false) or came back, or the page was restored: notices may have been missed. */
  reset(open: boolean): void
}

// Keys written while alone that are remembered one by one; past that, a newcomer is told to forget everything.
const REMEMBERED = 10_000

/**
 * A TieredBackend's side of coherence: it announces this context's writes on the last tier's channel, hears the
 * other contexts', and tells the backend what to forget. Whenever notices may have been missed (the channel
 * dropped or came back, or the page was restored from the back/forward cache) it forgets everything.
 *
 * A context that has heard no other one yet writes without announcing (an announcement costs a message per write),
 * remembering what it changed; contexts greet each other when they start listening, and the first time it hears
 * another context it announces all of that at once, then every write from then on.
 */
export class TierCoherence {
  /** Changes seen while operations were in flight. */
  readonly changes = new ChangeLog()
  readonly #id = Math.random().toString(36).slice(2) + Date.now().toString(36)
  readonly #forget: (change: Change) => void
  readonly #channel: BackendChannel | undefined
  #open: boolean
  #ignored = 0
  #peers = false
  // What this context changed before it heard another one; `true`: too much to list, everything.
  #unannounced: Set<string> | true = new Set()
  readonly #listeners = new Set<CoherenceListener>()
  readonly #onPageShow = (event: PageTransitionEvent) => {
    // While the page sat in the back/forward cache it heard nothing.
    if (event.persisted) this.#reset(true)
  }

  /** `truth`: the last tier, whose channel to use (`undefined`: a single context, no channel). */
  constructor(truth: Backend | undefined, forget: (change: Change) => void) {
    this.#forget = forget
    this.#channel = truth?.openChannel!({ message: (data) => this.#hear(data), reset: (open) => this.#reset(open) })
    this.#open = this.#channel?.open ?? true
    if (this.#channel && typeof window !== 'undefined') window.addEventListener('pageshow', this.#onPageShow)
    if (this.#channel?.open) this.#send({ peer: 'hello' })
  }

  /** Whether the faster tiers may be used: notices can be heard (always, without a channel). */
  get open(): boolean {
    return this.#open
  }

  /** Whether a write can be announced as it is issued: its notice cannot overtake it (see `BackendChannel`). */
  get ordered(): boolean {
    return this.#channel?.ordered === true
  }

  /** Whether another context has been heard: from then on every write is announced. */
  get peers(): boolean {
    return this.#peers
  }

  /** Messages heard that were not tier notices (malformed or foreign). */
  get ignored(): number {
    return this.#ignored
  }

  /** Tells the other contexts, once there are any; settles once the notice is sent. */
  announce(change: Change): void | Promise<void> {
    if (this.#peers) return this.#post(change)
    if (!this.#channel || this.#unannounced === true) return
    if ('prefix' in change || this.#unannounced.size + change.keys.length > REMEMBERED) this.#unannounced = true
    else for (const key of change.keys) this.#unannounced.add(key)
  }

  /** Tells `listener` what other contexts change from now on; returns its removal. */
  listen(listener: CoherenceListener): () => void {
    this.#listeners.add(listener)
    return () => void this.#listeners.delete(listener)
  }

  async close(): Promise<void> {
    this.#open = false
    this.#listeners.clear()
    if (typeof window !== 'undefined') window.removeEventListener('pageshow', this.#onPageShow)
    await this.#channel?.close()
  }

  #post(body: NoticeBody): void | Promise<void> {
    return this.#channel?.post(notice(this.#id, body))
  }

  /** Posts without waiting; a line that fails to send now reports its own reset when it drops. */
  #send(body: NoticeBody): void {
    void Promise.resolve(this.#post(body)).catch(() => {})
  }

  #hear(data: unknown): void {
    const heard = parseNotice(data)
    if (!heard) {
      this.#ignored++
      return
    }
    // Redis delivers a context's own notices back to it.
    if (heard.from === this.#id) return
    if (!this.#peers) this.#meet()
    if (heard.peer) {
      if (heard.peer === 'hello') this.#send({ peer: 'here' })
      return
    }
    if (heard.keys) this.changes.keys(heard.keys)
    else this.changes.prefix(heard.prefix!)
    const change = heard.keys ? { keys: heard.keys } : { prefix: heard.prefix! }
    this.#forget(change)
    for (const listener of this.#listeners) listener.change(change)
  }

  /** The first other context heard: it learns what this one changed while alone, and every write from now on. */
  #meet(): void {
    this.#peers = true
    const unannounced = this.#unannounced
    this.#unannounced = new Set()
    if (unannounced === true) this.#send({ prefix: '' })
    else if (unannounced.size > 0) this.#send({ keys: [...unannounced] })
  }

  #reset(open: boolean): void {
    this.#open = open
    this.changes.prefix('')
    this.#forget({ prefix: '' })
    for (const listener of this.#listeners) listener.reset(open)
    // Back: greet whoever started listening meanwhile, so that they announce their writes here too.
    if (open) this.#send({ peer: 'hello' })
  }
}
