// Vitest global setup of the `engines` project: serves the demo and the e2e pages with Vite on a free port
// (or $ENGINES_PORT) for every engine, and stops the server afterwards.
import { resolve } from 'node:path'
import { createServer } from 'vite'
import type { TestProject } from 'vitest/node'
import { freePort } from '../../scripts/free-port.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    enginesBaseUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = Number(process.env.ENGINES_PORT ?? (await freePort()))
  const server = await createServer({
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    server: { port, strictPort: true, host: '127.0.0.1' },
    logLevel: 'warn',
  })
  await server.listen()
  project.provide('enginesBaseUrl', `http://127.0.0.1:${port}/`)
  return () => server.close()
}
