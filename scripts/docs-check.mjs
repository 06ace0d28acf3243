#!/usr/bin/env node
// Checks the built docs site (docs/.vitepress/dist), after `vitepress build`, which fails on a dead link to a page
// of the markdown it renders. This also checks what that does not: links inside components and generated pages
// (the API reference, the element page) and every link's #anchor, which must be an id of the page it points to;
// and that no page holds a live <pycached-…> element (text the theme renders as HTML, such as a sidebar label,
// would make one: the inspector demo mounts its own in the browser). Prints each problem with its page, and exits
// 1 if there is one.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const DIST = join(import.meta.dirname, '../docs/.vitepress/dist')

function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'assets' ? [] : pages(path)
    return entry.name.endsWith('.html') ? [path] : []
  })
}

/** The built file a site path serves (clean URLs: `/guide/x` is `guide/x.html`, `/api/` is `api/index.html`). */
function fileOf(dist, path) {
  const base = join(dist, decodeURIComponent(path))
  return [base, `${base}.html`, join(base, 'index.html')].find((file) => existsSync(file) && statSync(file).isFile())
}

const ids = new Map()
function idsOf(file) {
  if (!ids.has(file))
    ids.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])))
  return ids.get(file)
}

/** Problems of the site in `dist`: broken links as `page: href (why)`, and live inspector elements. */
export function brokenLinks(dist = DIST) {
  const broken = []
  let checked = 0
  for (const page of pages(dist)) {
    const html = readFileSync(page, 'utf8')
    const url = new URL(`/${relative(dist, page).replace(/(index)?\.html$/, '')}`, 'https://docs.invalid')
    for (const [element] of html.matchAll(/<pycached-[\w-]+/g))
      broken.push(`${relative(dist, page)}: a live ${element}> element in the page (escape it as &lt;…&gt;)`)
    for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
      if (/^(https?:|mailto:|javascript:)/.test(href) || href === '') continue
      const target = new URL(href.replaceAll('&amp;', '&'), url)
      checked++
      const file = target.pathname === url.pathname && href.startsWith('#') ? page : fileOf(dist, target.pathname)
      const where = `${relative(dist, page)}: ${href}`
      if (!file) broken.push(`${where} (no such page)`)
      else if (target.hash && !idsOf(file).has(decodeURIComponent(target.hash.slice(1))))
        broken.push(`${where} (no anchor ${target.hash} there)`)
    }
  }
  return { broken, checked }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(DIST)) {
    console.error('docs-check: no docs/.vitepress/dist; run `vitepress build docs` first')
    process.exit(1)
  }
  const { broken, checked } = brokenLinks()
  for (const line of broken) console.error(`✗ ${line}`)
  console.log(`docs-check: ${checked} links checked, ${broken.length} problems`)
  process.exit(broken.length ? 1 : 0)
}
