// Playwright drives the browser benchmarks (`npm run bench`): Vite serves bench/browser/, Chromium runs it (and
// Firefox, which hotpath.bench.ts launches through Puppeteer).
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.js'

const port = Number(process.env.BENCH_PORT ?? 4183)

export default defineConfig({
  testDir: 'browser',
  testMatch: '*.bench.ts',
  outputDir: '../test-results/bench',
  workers: 1,
  reporter: [['list', { printSteps: false }]],
  timeout: 20 * 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `npx vite --port ${port} --strictPort --host 127.0.0.1`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/bench/browser/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
})
