import { MemoryBackend } from '../../src/backends/memory.js'
import { runBackendContract } from './contract.js'

runBackendContract('memory in the browser', () => new MemoryBackend())
