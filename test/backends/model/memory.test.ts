// The model against the memory backend: unbounded with each serializer, and LRU-bounded (the model evicts too).
import { MemoryBackend } from '../../../src/backends/memory.js'
import { JsonSerializer } from '../../../src/serializers/json.js'
import { StringSerializer } from '../../../src/serializers/string.js'
import { runModel } from './run.js'

const memory = (options?: { maxSize: number }) => async () => ({ backends: [new MemoryBackend(options)] })

runModel({ name: 'memory', project: 'unit', clock: 'controlled', connections: 1, runs: 300, open: memory() })
runModel({
  name: 'memory, LRU maxSize 4',
  project: 'unit',
  clock: 'controlled',
  maxSize: 4,
  connections: 1,
  runs: 300,
  open: memory({ maxSize: 4 }),
})
runModel({
  name: 'memory, JSON',
  project: 'unit',
  clock: 'controlled',
  serializer: JsonSerializer,
  unstorable: { a: undefined },
  connections: 1,
  runs: 100,
  open: memory(),
})
runModel({
  name: 'memory, String',
  project: 'unit',
  clock: 'controlled',
  serializer: StringSerializer,
  connections: 1,
  runs: 100,
  open: memory(),
})
