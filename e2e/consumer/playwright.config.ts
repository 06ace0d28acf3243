// The consumer suite: the packed package in a fresh Vite 8 + TypeScript app, built for production and driven in
// Chromium. Run after `npm run build` (npm test does); PYCACHED_PACKED=1 packs without building again.
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.js'

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/consumer',
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  timeout: 60_000,
  use: { launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
})
