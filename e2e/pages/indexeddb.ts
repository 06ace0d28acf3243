// Exposes the library to Playwright tests, the way an app bundled with Vite would import it.
import * as pycached from '../../src/index.js'

Object.assign(globalThis, { pycached })
document.getElementById('status')!.textContent = 'ready'
