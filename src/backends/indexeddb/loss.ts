// Being true to what the browser deleted: a store's marker tells whether the store reopened is the one written to,
// and when it is not (or the database is being deleted) the memory tiers of every context forget what they hold.
import type { BackendChannel, ChannelHandlers } from '../backend.js'
import { openBroadcastChannel } from '../broadcast-channel.js'
import type { ConnectionLoss } from './connection.js'
import { EvictedEvent, type EvictedHow } from './events.js'

/** What a context posts on the store's channel when it found the store's data gone: the others' tiers forget too. */
interface LossNotice {
  pycached: 'indexeddb'
  v: 1
  evicted: EvictedHow
}

const isLossNotice = (data: unknown): data is LossNotice =>
  typeof data === 'object' && data !== null && (data as LossNotice).pycached === 'indexeddb'

/**
 * One backend's watch over its store: it compares the marker of each connection opened with the first one's, hears
 * connections end, and tells its target (an {@link EvictedEvent}) and the tiers listening on its channels.
 */
export class LossWatch {
  readonly #channelName: string
  readonly #target: EventTarget
  readonly #reopen: () => void
  readonly #channels = new Map<ChannelHandlers, BackendChannel>()
  #marker: string | undefined
  #evicted = false

  /** `reopen`: opens a connection now, so that its marker is compared. */
  constructor(channelName: string, target: EventTarget, reopen: () => void) {
    this.#channelName = channelName
    this.#target = target
    this.#reopen = reopen
  }

  /** Whether the data written through this backend was found gone. */
  get evicted(): boolean {
    return this.#evicted
  }

  /** A connection opened on the store whose marker is `marker`; `true` for the backend's first one. */
  opened(marker: string): boolean {
    const known = this.#marker
    this.#marker = marker
    if (known !== undefined && known !== marker) this.#lose('recreated')
    return known === undefined && !this.#evicted
  }

  /** The open connection ended `how`. */
  lost(how: ConnectionLoss): void {
    if (how === 'deleted') {
      // The next connection opens a new database: its new marker is not a second loss.
      this.#marker = undefined
      this.#lose('deleted')
      return
    }
    // Closed by the browser (site data cleared?) or upgraded elsewhere (the store replaced?): reopen now and compare
    // markers. A closed connection's store may be gone already, so the tiers forget now rather than serve it.
    if (how === 'closed') this.#forget()
    this.#reopen()
  }

  /** A line to the other contexts of the store; one that says the store's data is gone makes the tiers forget. */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    const line = openBroadcastChannel(this.#channelName, {
      message: (data) => (isLossNotice(data) ? handlers.reset(true) : handlers.message(data)),
      reset: (open) => handlers.reset(open),
    })
    this.#channels.set(handlers, line)
    return {
      open: line.open,
      post: (message) => line.post(message),
      close: () => {
        this.#channels.delete(handlers)
        return line.close()
      },
    }
  }

  #forget(): void {
    for (const handlers of this.#channels.keys()) handlers.reset(true)
  }

  #lose(how: EvictedHow): void {
    this.#evicted = true
    this.#forget()
    // One line is enough: every other context's lines hear it.
    const [line] = this.#channels.values()
    const notice: LossNotice = { pycached: 'indexeddb', v: 1, evicted: how }
    if (line) void Promise.resolve(line.post(notice)).catch(() => {})
    this.#target.dispatchEvent(new EvictedEvent(how))
  }
}
