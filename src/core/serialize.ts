import { SerializationError } from './errors.js'

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Runs a serializer's `dumps`, turning its failure into a `SerializationError` for `key`. */
export function dumpWith(dumps: (value: unknown) => unknown, value: unknown, key: string): unknown {
  try {
    return dumps(value)
  } catch (error) {
    throw new SerializationError(`cannot serialize the value of key ${JSON.stringify(key)}: ${reason(error)}`, {
      cause: error,
    })
  }
}

/** Runs a serializer's `loads`, turning its failure into a `SerializationError` for `key`. */
export function loadWith(loads: (raw: unknown) => unknown, raw: unknown, key: string): unknown {
  try {
    return loads(raw)
  } catch (error) {
    throw new SerializationError(`cannot load the value of key ${JSON.stringify(key)}: ${reason(error)}`, {
      cause: error,
    })
  }
}
