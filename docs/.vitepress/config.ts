// The documentation site: `npm run docs` serves it, `npm run docs:build` builds it into docs/.vitepress/dist and
// fails on a dead link. docs/api/ (TypeDoc) and docs/api/inspector-element.md (the Custom Elements Manifest) are
// generated before either runs (scripts/docs-generate.mjs).
import { defineConfig } from 'vitepress'
import { standardDecorators } from '../../scripts/standard-decorators.js'

const guide = [
  { text: 'Getting started', link: '/guide/getting-started' },
  { text: 'The Cache API and its rules', link: '/guide/cache-api' },
  { text: 'Errors', link: '/guide/errors' },
  { text: 'Serializers', link: '/guide/serializers' },
]
const backends = [
  { text: 'Memory', link: '/guide/memory' },
  { text: 'IndexedDB', link: '/guide/indexeddb' },
  { text: 'Tiers and coherence', link: '/guide/tiers' },
  { text: 'Redis', link: '/guide/redis' },
  { text: 'Redis Cluster', link: '/guide/redis-cluster' },
]
const features = [
  { text: 'Plugins', link: '/guide/plugins' },
  { text: 'Function caching', link: '/guide/function-caching' },
  { text: 'Locks', link: '/guide/locks' },
  { text: 'Watch, bindings, tags and purge', link: '/guide/watch' },
  { text: 'The inspector and the bridge', link: '/guide/inspector' },
]
const more = [
  { text: 'Testing your app', link: '/guide/testing' },
  { text: 'Browser engines', link: '/guide/browser-engines' },
  { text: 'Performance', link: '/guide/performance' },
]
const reference = [
  { text: 'API reference', link: '/api/' },
  { text: '&lt;pycached-inspector&gt; element', link: '/api/inspector-element' },
]

export default defineConfig({
  title: 'pycached',
  description: 'One async Cache API over memory, IndexedDB and Redis for the browser and Node, with a live inspector.',
  cleanUrls: true,
  lastUpdated: false,
  // Dead links fail the build (VitePress' default, kept): every page, the generated API reference included.
  ignoreDeadLinks: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'API', link: '/api/' },
      { text: 'Inspector', link: '/guide/inspector' },
      { text: 'Performance', link: '/guide/performance' },
    ],
    sidebar: [
      { text: 'Start', items: guide },
      { text: 'Backends', items: backends },
      { text: 'Features', items: features },
      { text: 'More', items: more },
      { text: 'Reference', items: reference },
    ],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
  vue: {
    template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('pycached-') } },
  },
  vite: {
    // The inspector demo imports the library's own sources, as the demo page does.
    plugins: [standardDecorators()],
    server: { port: Number(process.env.PORT ?? 5173) },
    preview: { port: Number(process.env.PORT ?? 4173) },
    // The local search index (every page, the API reference included) is one chunk, loaded when search opens.
    build: { chunkSizeWarningLimit: 1500 },
  },
})
