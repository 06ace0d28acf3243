import type { Backend, BackendChannel } from './backend.js'
import { ChangeLog } from './change-log.js'
import { type TierNotice, notice, parseNotice } from './tier-notices.js'

/** What changed: keys, or every key under a prefix (`''`: every key). */
export type Change = { keys: string[] } | { prefix: string }

/**
 * A TieredBackend's side of coherence: it announces this context's writes on the last tier's channel, hears the
 * other contexts', and tells the backend what to forget. Whenever notices may have been missed (the channel
 * dropped or came back, or the page was restored from the back/forward cache) it forgets everything.
 */
export class TierCoherence {
  /** Changes seen while operations were in flight. */
  readonly changes = new ChangeLog()
  readonly #id = Math.random().toString(36).slice(2) + Date.now().toString(36)
  readonly #forget: (change: Change) => void
  readonly #channel: BackendChannel | undefined
  #open: boolean
  #ignored = 0
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
  }

  /** Whether the faster tiers may be used: notices can be heard (always, without a channel). */
  get open(): boolean {
    return this.#open
  }

  /** Messages heard that were not tier notices (malformed or foreign). */
  get ignored(): number {
    return this.#ignored
  }

  /** Tells the other contexts; settles once the notice is sent. */
  announce(change: Change): void | Promise<void> {
    return this.#channel?.post(notice(this.#id, change))
  }

  async close(): Promise<void> {
    this.#open = false
    if (typeof window !== 'undefined') window.removeEventListener('pageshow', this.#onPageShow)
    await this.#channel?.close()
  }

  #hear(data: unknown): void {
    const heard: TierNotice | undefined = parseNotice(data)
    if (!heard) {
      this.#ignored++
      return
    }
    // Redis delivers a context's own notices back to it.
    if (heard.from === this.#id) return
    if (heard.keys) this.changes.keys(heard.keys)
    else this.changes.prefix(heard.prefix!)
    this.#forget(heard.keys ? { keys: heard.keys } : { prefix: heard.prefix! })
  }

  #reset(open: boolean): void {
    this.#open = open
    this.changes.prefix('')
    this.#forget({ prefix: '' })
  }
}
