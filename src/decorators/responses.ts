// A `Response` as a cached result. Its body can be read once, and it is no plain data (IndexedDB cannot clone it,
// JSON cannot write it), so it is stored as a snapshot of plain data (status, headers, the body in base64) and
// every caller, the first one included, gets a new `Response` of its own.

const MARK = 'pycached:response'

/** What is stored for a `Response`: plain data every serializer and backend can keep. */
export interface ResponseSnapshot {
  readonly [MARK]: 1
  readonly status: number
  readonly statusText: string
  readonly headers: [string, string][]
  /** The body's bytes in base64. */
  readonly body: string
}

/** Whether `value` is a `Response` (in runtimes that have one). */
export function isResponse(value: unknown): value is Response {
  return typeof Response === 'function' && value instanceof Response
}

/** Reads `response` whole into a snapshot. */
export async function snapshotOf(response: Response): Promise<ResponseSnapshot> {
  const bytes = new Uint8Array(await response.arrayBuffer())
  let binary = ''
  // In slices: spreading a large body into one call would overflow the argument list.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return {
    [MARK]: 1,
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    body: btoa(binary),
  }
}

// The snapshot each revived Response was made from, so a caller that joins a call in flight gets one of its own.
const sources = new WeakMap<Response, ResponseSnapshot>()

/** A new `Response` for a snapshot; any other value as it is. */
export function revive<T>(value: T): T {
  if (typeof value !== 'object' || value === null || (value as Record<string, unknown>)[MARK] !== 1) return value
  const snapshot = value as unknown as ResponseSnapshot
  const { status, statusText, headers, body } = snapshot
  const bytes = Uint8Array.from(atob(body), (char) => char.charCodeAt(0))
  // A 204 or 304 must be built without a body, even an empty one.
  const empty = status === 204 || status === 205 || status === 304
  const response = new Response(empty ? null : bytes, { status, statusText, headers })
  sources.set(response, snapshot)
  return response as T
}

/** For a caller sharing another's result: a `Response` of its own; any other value as it is. */
export function another<T>(value: T): T {
  const source = isResponse(value) ? sources.get(value) : undefined
  return source ? (revive(source) as T) : value
}
