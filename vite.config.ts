import { resolve } from 'node:path'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.js'
import { standardDecorators } from './scripts/standard-decorators.js'
import { firefox, webkit } from './scripts/vitest-engines.js'

const entries = {
  index: resolve(import.meta.dirname, 'src/index.ts'),
  plugins: resolve(import.meta.dirname, 'src/plugins/index.ts'),
  inspector: resolve(import.meta.dirname, 'inspector/index.ts'),
  redis: resolve(import.meta.dirname, 'src/redis.ts'),
  react: resolve(import.meta.dirname, 'src/react.ts'),
}

export default defineConfig(({ mode }) => ({
  plugins: [standardDecorators()],
  server: { port: Number(process.env.PORT ?? 5173) },
  build: {
    target: 'es2022',
    sourcemap: true,
    lib: { entry: entries, formats: ['es'] },
    rolldownOptions: {
      // Runtime dependencies stay imports, so apps dedupe them; Node builtins never enter the browser entries.
      external: [/^lit/, /^idb-keyval/, /^@msgpack\/msgpack/, /^redis/, /^react/, /^node:/],
      output: {
        preserveModules: true,
        preserveModulesRoot: import.meta.dirname,
        entryFileNames: '[name].js',
      },
    },
  },
  test: {
    // Model-based tests: `npm run fuzz` passes its seed, run count or time limit here; `npm test` passes none.
    provide: { model: JSON.parse(process.env.PYCACHED_MODEL ?? '{}') as object },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts', 'test/redis/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'redis',
          environment: 'node',
          include: ['test/redis/**/*.test.ts'],
          globalSetup: ['test/redis/server.ts'],
          // The files share one server and one cluster, which the contract suite flushes and the failover test
          // takes a master of: one file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Pages driven from Node in Chromium, Firefox and WebKit (e2e/engines/): one browser at a time.
          name: 'engines',
          environment: 'node',
          include: ['e2e/engines/**/*.test.ts'],
          globalSetup: ['e2e/engines/server.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // WebKit (WebKitGTK 2.50) cannot parse `using` / `await using` yet: the tests' code is lowered for it.
        oxc: { target: 'es2024' },
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            // Every browser test runs in the three engines: Chromium, Firefox and WebKit.
            instances: [
              {
                browser: 'chromium',
                provider: playwright({
                  launchOptions: mode === 'test' ? { executablePath: chromiumPath(), args: CHROMIUM_ARGS } : {},
                }),
              },
              // These providers cannot take Vitest's failure screenshots.
              { browser: 'firefox', provider: firefox(), screenshotFailures: false },
              { browser: 'webkit', provider: webkit(), screenshotFailures: false },
            ],
            api: { port: Number(process.env.BROWSER_PORT ?? 63315) },
          },
        },
      },
    ],
  },
}))
