// The messages a BridgePlugin and an inspector exchange over a BroadcastChannel, and the checks every received
// message passes before anything reads it. Anyone on the origin can post on the channel, so a message is data to
// validate, never to trust: a message that fails its check is dropped and counted.
import { HOOKED_COMMANDS, type HitMissRatio, type HookedCommand } from '../core/types.js'
import type { CommandRecord } from './command-events.js'
import type { CommandStats } from './command-stats.js'
import { KEY_CHARS, VALUE_CHARS } from './bridge-limits.js'
import { LATENCY_BOUNDS } from './latency.js'
import type { ForcedState } from './inspector-control.js'
import type { RefreshStats, WrapperRecord } from './wrapper-records.js'

/** The channel a bridge and the inspector meet on unless told otherwise. */
export const BRIDGE_CHANNEL = 'pycached-inspector'

/** What a bridge can be asked to do for an inspector. */
export type BridgeOp = 'page' | 'peek' | 'value' | 'count' | 'delete' | 'clear' | 'set' | 'force' | 'written'

/** A bridged cache introduces itself. */
export interface HelloMessage {
  pycached: 1
  type: 'hello'
  /** The bridge's id. */
  source: string
  /** The id of the global scope it lives in (a tab, a worker): the inspector skips its own. */
  scope: string
  /** Where it lives: `'tab'`, `'worker'`, `'shared worker'`, `'service worker'` or `'process'`. */
  context: string
  /** Its name: the bridge's `name`, or the cache's namespace, or its backend's name. */
  name: string
  /** Its cache's namespace, `''` without one. */
  namespace: string
  /** Its backend's name. */
  backend: string
  /** The names of its backend's tiers, fastest first (`[]` without tiers). */
  tiers: string[]
  /** The clock resolution of its context, ms. */
  resolution: number
}

/** A bridged cache's statistics. */
export interface StatsMessage {
  pycached: 1
  type: 'stats'
  source: string
  ratio: HitMissRatio
  commands: CommandStats[]
  /** Commands that failed since the bridge started. */
  errors: number
  /** Background refreshes of its cache's `staleWhileRevalidate` wrappers since the bridge started. */
  refreshes?: RefreshStats
  /** What is forced on the cache, when it carries an `InspectorControlPlugin`. */
  control?: ForcedState
}

/** The commands a bridged cache ran since the last such message. */
export interface RecordsMessage {
  pycached: 1
  type: 'records'
  source: string
  /** The commands, and the stale answers and background refreshes of wrappers between them (each checked alone). */
  records: (CommandRecord | WrapperRecord)[]
  /** Records left out because too many ran between two messages. */
  dropped: number
}

/** A bridge's answer to one request, posted on the request's own reply channel (never on the shared one). */
export interface ReplyMessage {
  pycached: 1
  type: 'reply'
  source: string
  seq: number
  ok: boolean
  value?: unknown
  error?: string
}

/** A bridge leaves. */
export interface ByeMessage {
  pycached: 1
  type: 'bye'
  source: string
}

/** An inspector asks every bridge to introduce itself. */
export interface DiscoverMessage {
  pycached: 1
  type: 'discover'
}

/** An inspector says it is watching a bridge: the bridge publishes while such messages keep coming. */
export interface WatchMessage {
  pycached: 1
  type: 'watch'
  to: string
}

/** An inspector asks a bridge to do something with its cache. */
export interface RequestMessage {
  pycached: 1
  type: 'request'
  to: string
  /** The channel the answer goes to: `<channel>:reply:<id>`, which only the asker listens to. */
  reply: string
  seq: number
  op: BridgeOp
  args: unknown[]
}

/** Every message on the shared channel. */
export type BridgeMessage =
  HelloMessage | StatsMessage | RecordsMessage | ByeMessage | DiscoverMessage | WatchMessage | RequestMessage

/** Most records one message carries; most keys one request names. */
export const MAX_RECORDS = 2000
const MAX_ITEMS = 10_000
const MAX_TEXT = KEY_CHARS
const VALUE_TEXT = VALUE_CHARS + 1
/** Most keys a log record names, and the longest of them (a record past either is shortened and marked `cut`). */
export const RECORD_KEYS = 64
export const RECORD_KEY_CHARS = 1024
const BUCKETS = LATENCY_BOUNDS.length + 1

type Check = (value: unknown) => boolean

const text: Check = (value) => typeof value === 'string' && value.length <= MAX_TEXT
const short: Check = (value) => typeof value === 'string' && value.length <= RECORD_KEY_CHARS + 1
const finite: Check = (value) => typeof value === 'number' && Number.isFinite(value)
const count: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0
const duration: Check = (value) => typeof value === 'number' && value >= 0
const integer: Check = (value) => Number.isSafeInteger(value)
const bool: Check = (value) => typeof value === 'boolean'
const command: Check = (value) => HOOKED_COMMANDS.includes(value as HookedCommand)
const any: Check = () => true
const oneOf =
  (...values: unknown[]): Check =>
  (value) =>
    values.includes(value)
const listOf =
  (item: Check, max = MAX_ITEMS): Check =>
  (value) =>
    Array.isArray(value) && value.length <= max && value.every(item)

/** A plain object with exactly `required` (and possibly `optional`) fields, each passing its check. */
function shape(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
    const fields = value as Record<string, unknown>
    for (const name of Object.keys(fields)) {
      const check = required[name] ?? optional[name]
      if (!check || !check(fields[name])) return false
    }
    return Object.keys(required).every((name) => name in fields)
  }
}

const ratio = shape({ hits: count, total: count, hitRatio: finite, byTier: listOf(count) })
const stats = shape(
  { command, count, min: duration, avg: duration, p50: duration, p95: duration, p99: duration, max: duration },
  // Calls per latency bucket: one count per bucket, no more, no fewer.
  { histogram: (value) => listOf(count, BUCKETS)(value) && (value as unknown[]).length === BUCKETS },
)
const refreshes = shape({ count, failed: count, min: duration, avg: duration, max: duration })
const failure = oneOf(undefined, 'error', 'quota', 'offline')
const latency: Check = (value) => duration(value) && (value as number) <= 60_000
/** A state to force (see `InspectorControlPlugin`). */
export const forced: Check = shape({ latency }, { failure })
const recordFields = shape(
  // `took` is NaN for a stale answer: its `get` was timed already.
  {
    time: finite,
    command: (value) => command(value) || value === 'refresh',
    keys: listOf(short, RECORD_KEYS),
    took: (value) => typeof value === 'number' && !(value < 0),
  },
  // `kind`: what a log row is when it is not a plain command (the inspector's log shows it). `more`: keys left
  // out; `cut`: keys left out or shortened.
  {
    hits: count,
    lookups: count,
    tiers: listOf(integer, RECORD_KEYS),
    error: short,
    kind: oneOf('stale', 'refresh'),
    more: count,
    cut: oneOf(true),
  },
)
// A background refresh is no command, and only it goes by that name.
export const record: Check = (value) =>
  recordFields(value) &&
  ((value as WrapperRecord).command === 'refresh') === ((value as WrapperRecord).kind === 'refresh')
const head = { pycached: oneOf(1), type: text }

const messages: Record<BridgeMessage['type'], Check> = {
  hello: shape({
    ...head,
    source: text,
    scope: text,
    context: text,
    name: text,
    namespace: text,
    backend: text,
    tiers: listOf(text, 16),
    resolution: duration,
  }),
  stats: shape(
    { ...head, source: text, ratio, commands: listOf(stats, 64), errors: count },
    { refreshes, control: forced },
  ),
  // Each record is checked on its own: one bad record is dropped, not its batch.
  records: shape({ ...head, source: text, records: listOf(any, MAX_RECORDS), dropped: count }),
  bye: shape({ ...head, source: text }),
  discover: shape(head),
  watch: shape({ ...head, to: text }),
  request: shape({
    ...head,
    to: text,
    reply: (value) => typeof value === 'string' && value.length <= 200,
    seq: count,
    op: (value) => typeof value === 'string' && Object.hasOwn(opChecks, value),
    args: listOf(any, 4),
  }),
}

const reply = shape({ ...head, source: text, seq: count, ok: bool }, { value: any, error: short })

/** `data` as a reply when it is a well-formed one (its value is checked by its request's op); else `undefined`. */
export function readReply(data: unknown): ReplyMessage | undefined {
  return (data as { type?: unknown } | null)?.type === 'reply' && reply(data) ? (data as ReplyMessage) : undefined
}

/** `data` as a bridge message when it is a well-formed one; `undefined` otherwise. */
export function readMessage(data: unknown): BridgeMessage | undefined {
  const type = (data as { type?: unknown } | null)?.type
  const check =
    typeof type === 'string' && Object.hasOwn(messages, type) ? messages[type as BridgeMessage['type']] : undefined
  return check?.(data) ? (data as BridgeMessage) : undefined
}

/** A listed key (a `KeyEntry`: key, preview, size, TTL). */
export const keyEntry: Check = shape(
  { key: text, preview: short, size: count, exact: bool, ttl: duration },
  { cut: oneOf(true) },
)
const keyList: Check = listOf((value) => value === undefined || typeof value === 'object')

/** The whole-value text of one key, as the `value` op answers it. */
export interface ValueText {
  text: string
  ttl: number
  /** When the value stops being fresh (epoch ms), for a result a `staleWhileRevalidate` wrapper stored. */
  freshUntil?: number
}

/** Checks of each request's arguments, and of each reply's value (a listing's entries are checked one by one). */
export const opChecks: Record<BridgeOp, { args: Check; value: Check }> = {
  page: {
    args: (args) => {
      const [cursor, limit] = args as unknown[]
      return (
        (cursor === undefined || text(cursor)) &&
        count(limit) &&
        (limit as number) >= 1 &&
        (limit as number) <= MAX_ITEMS
      )
    },
    value: shape({ entries: keyList, cursor: (value) => value === undefined || text(value) }),
  },
  peek: {
    args: (args) => listOf(text)((args as unknown[])[0]),
    value: keyList,
  },
  value: {
    args: (args) => text((args as unknown[])[0]),
    value: (value) =>
      value === undefined ||
      shape(
        { text: (text) => typeof text === 'string' && text.length <= VALUE_TEXT, ttl: duration },
        { freshUntil: finite },
      )(value),
  },
  count: { args: (args) => (args as unknown[]).length === 0, value: count },
  delete: { args: (args) => text((args as unknown[])[0]), value: count },
  clear: { args: (args) => (args as unknown[]).length === 0, value: oneOf(true) },
  // A write: the key, the value as JSON text (parsed by the bridge, at most 256 KB), and the TTL in ms.
  set: {
    args: (args) => {
      const [key, json, ttl] = args as unknown[]
      return text(key) && typeof json === 'string' && json.length < VALUE_TEXT && duration(ttl)
    },
    value: oneOf(true),
  },
  force: { args: (args) => forced((args as unknown[])[0]), value: oneOf(true) },
  // When the bridged cache last wrote the key (epoch ms), `undefined` when it did not since the bridge started.
  written: { args: (args) => text((args as unknown[])[0]), value: (value) => value === undefined || finite(value) },
}

/** The id of the global scope this code runs in (one per tab or worker), shared by every copy of the library. */
export function scopeId(): string {
  const slot = Symbol.for('pycached.scope')
  const global = globalThis as { [slot]?: string }
  return (global[slot] ??= randomId())
}

/** A random id. */
export function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}
