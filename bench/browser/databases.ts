// What every browser bench page does before it measures: start from a database that does not exist.

/** Deletes the IndexedDB database `name` (resolves once it is gone, or was never there). */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error)
  })
}
