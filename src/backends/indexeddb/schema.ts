// How a pycached database is laid out and opened: one object store per `storeName`, each with an `expires` index
// on `expiresAt` (records that never expire stay out of it), a multiEntry `tags` index and a `used` index on
// `usedAt` (last use), plus one marker record
// that tells whether the store a context opened is still the one it wrote to.
import { promisifyRequest } from 'idb-keyval'
import { BackendError } from '../../core/errors.js'

/** The index of records by expiry: `expiresAt` in epoch ms; a record with `expiresAt: null` is not in it. */
export const EXPIRES = 'expires'
/** The multiEntry index of records by tag, on their `tags` field (a record without one is not in it). */
export const TAGS = 'tags'
/** The index of records by last use (`usedAt`, epoch ms): where a full store finds what to give up first. */
export const USED = 'used'
/**
 * The key of the marker record. A number sorts before every string key, so no namespace's key range holds it,
 * and it has no `expiresAt`, so the expiry index does not either.
 */
export const MARKER_KEY = 0

/** The record at {@link MARKER_KEY}: a random id written when the store was created (or found without one). */
export interface Marker {
  pycached: 'marker'
  id: string
}

/** What opening found: the connection, and the id of the store's marker. */
export interface OpenedStore {
  db: IDBDatabase
  /** The marker's id; a different one than last time means the store was deleted or recreated meanwhile. */
  marker: string
}

// How long (ms) an upgrade may wait for a blocking connection before the command fails.
const BLOCKED_GRACE = 500

const newMarker = (): Marker => ({ pycached: 'marker', id: Math.random().toString(36).slice(2) + Date.now() })

// Connections closed while opening because another connection asked for a version change.
const closedForUpgrade = new WeakSet<IDBDatabase>()

const isMarker = (value: unknown): value is Marker =>
  typeof value === 'object' && value !== null && (value as Marker).pycached === 'marker'

/** Creates `storeName` with its indexes, or adds the indexes an older store lacks (its records stay). */
function upgrade(request: IDBOpenDBRequest, storeName: string): void {
  const db = request.result
  const store = db.objectStoreNames.contains(storeName)
    ? request.transaction!.objectStore(storeName)
    : db.createObjectStore(storeName)
  // Creating an index indexes the records already there, in this same upgrade transaction.
  if (!store.indexNames.contains(EXPIRES)) store.createIndex(EXPIRES, 'expiresAt')
  if (!store.indexNames.contains(TAGS)) store.createIndex(TAGS, 'tags', { multiEntry: true })
  if (!store.indexNames.contains(USED)) store.createIndex(USED, 'usedAt')
}

function open(dbName: string, storeName: string, version?: number): Promise<IDBDatabase> {
  const request = indexedDB.open(dbName, version)
  request.onupgradeneeded = () => upgrade(request, storeName)
  return new Promise((resolve, reject) => {
    let settled = false
    promisifyRequest(request).then(
      (db) => {
        // Opened after this command gave up: nobody uses that connection.
        if (settled) db.close()
        else {
          // Until its backend takes it over, a connection still being checked gives way to another's upgrade at once.
          db.onversionchange = () => {
            closedForUpgrade.add(db)
            db.close()
          }
          resolve(db)
        }
        settled = true
      },
      (error: unknown) => {
        if (!settled) reject(error)
        settled = true
      },
    )
    // A connection that is not pycached's (those close at once) holds the old version. The upgrade stays queued
    // and happens once it closes; unless that is soon (a connection closing after its last transaction), this
    // command fails, saying so.
    request.onblocked = () =>
      void setTimeout(() => {
        if (settled) return
        settled = true
        reject(
          new BackendError(
            `IndexedDB cannot create the store ${JSON.stringify(storeName)}: another connection to ${JSON.stringify(dbName)} blocks the upgrade (close it, or let it close on versionchange)`,
            { reason: 'unavailable' },
          ),
        )
      }, BLOCKED_GRACE)
  })
}

/** The store's marker id if the store exists with both indexes, writing a marker when it has none; else `undefined`. */
async function check(db: IDBDatabase, storeName: string): Promise<string | undefined> {
  if (!db.objectStoreNames.contains(storeName)) return undefined
  const transaction = db.transaction(storeName, 'readonly')
  const store = transaction.objectStore(storeName)
  if (![EXPIRES, TAGS, USED].every((index) => store.indexNames.contains(index))) return undefined
  const found: unknown = await promisifyRequest(store.get(MARKER_KEY))
  if (isMarker(found)) return found.id
  const marker = newMarker()
  const writing = db.transaction(storeName, 'readwrite')
  writing.objectStore(storeName).add(marker, MARKER_KEY)
  try {
    await promisifyRequest(writing as unknown as IDBRequest)
    return marker.id
  } catch {
    // Another context wrote its marker first: that one is the store's.
    const again: unknown = await promisifyRequest(db.transaction(storeName).objectStore(storeName).get(MARKER_KEY))
    return isMarker(again) ? again.id : undefined
  }
}

/** {@link check}, or `undefined` when the connection closed for another's upgrade before or while it checked. */
async function checkUnlessClosed(db: IDBDatabase, storeName: string): Promise<string | undefined> {
  try {
    return await check(db, storeName)
  } catch (error) {
    if (closedForUpgrade.has(db)) return undefined
    throw error
  }
}

/**
 * Opens `dbName` with `storeName` ready: a new database is created at version 1 with the store; a database that
 * lacks the store (another store's database, or one written before the indexes) is upgraded to the next version to
 * add it. Other pycached connections close at once on that version change, so the upgrade is not blocked; when
 * another context upgrades first, opening starts over from its version.
 */
export async function openStore(dbName: string, storeName: string): Promise<OpenedStore> {
  for (let tries = 0; tries < 5; tries++) {
    const db = await open(dbName, storeName)
    const marker = await checkUnlessClosed(db, storeName)
    // Another connection upgrades the database meanwhile: open again, after it.
    if (closedForUpgrade.has(db)) continue
    if (marker !== undefined) return { db, marker }
    const version = db.version + 1
    db.close()
    let upgraded: IDBDatabase
    try {
      upgraded = await open(dbName, storeName, version)
    } catch (error) {
      // Another context upgraded past that version meanwhile: start over from the version it left.
      if (error instanceof DOMException && error.name === 'VersionError') continue
      throw error
    }
    const made = await checkUnlessClosed(upgraded, storeName)
    if (closedForUpgrade.has(upgraded)) continue
    if (made !== undefined) return { db: upgraded, marker: made }
    upgraded.close()
  }
  throw new BackendError(`IndexedDB could not create the store ${JSON.stringify(storeName)} in ${dbName}`, {
    reason: 'unavailable',
  })
}
