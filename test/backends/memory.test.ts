import { MemoryBackend } from '../../src/backends/memory.js'
import { runBackendContract } from './contract.js'

runBackendContract('memory', () => new MemoryBackend())
runBackendContract('memory (LRU-bounded)', () => new MemoryBackend({ maxSize: 1000 }))
