// scripts/docs-generate.mjs: the element reference page made from a Custom Elements Manifest.
import { describe, expect, it } from 'vitest'
import { cell, elementsPage } from '../../scripts/docs-generate.mjs'

const manifest = {
  modules: [
    {
      path: 'inspector/x-part.ts',
      declarations: [
        { kind: 'class', name: 'Part', customElement: true, tagName: 'pycached-part', description: 'A part.' },
      ],
    },
    {
      path: 'inspector/pycached-inspector.ts',
      declarations: [
        { kind: 'class', name: 'Helper' },
        {
          kind: 'class',
          name: 'PycachedInspector',
          customElement: true,
          tagName: 'pycached-inspector',
          description: '`<pycached-inspector>`: a panel for <caches> | more',
          attributes: [
            { name: 'log-limit', fieldName: 'logLimit' },
            { name: '_tab', fieldName: '_tab' },
          ],
          members: [
            { kind: 'field', name: 'logLimit', type: { text: 'number' }, default: '500', description: 'Most entries.' },
            { kind: 'field', name: 'watched', type: { text: 'Source | undefined' }, description: 'The cache shown.' },
            { kind: 'field', name: 'styles', static: true, description: 'Lit styles.' },
          ],
          events: [{ name: 'pause-change', description: 'paused or resumed' }],
          cssParts: [{ name: 'panel', description: 'the panel' }],
          cssProperties: [{ name: '--pycached-bg', description: 'the background' }],
        },
      ],
    },
  ],
}

describe('elementsPage', () => {
  const page = elementsPage(manifest)

  it('puts the inspector first, then its parts, and leaves out classes that are not elements', () => {
    expect(page.indexOf('## `<pycached-inspector>`')).toBeLessThan(page.indexOf('## `<pycached-part>`'))
    expect(page).not.toContain('Helper')
  })

  it('lists public attributes with their property, type and default, never private state', () => {
    expect(page).toContain('| `log-limit` (`logLimit`) | `number` | `500` | Most entries. |')
    expect(page).not.toContain('_tab')
    expect(page).toContain('| `watched` | `Source \\| undefined` | The cache shown. |')
    expect(page).not.toContain('Lit styles')
  })

  it('lists events, CSS parts and custom properties', () => {
    expect(page).toContain('| `pause-change` | paused or resumed |')
    expect(page).toContain('| `panel` | the panel |')
    expect(page).toContain('| `--pycached-bg` | the background |')
  })

  it('escapes markup outside code spans, so no description becomes an element of the page', () => {
    expect(page).toContain('`<pycached-inspector>`: a panel for &lt;caches&gt; \\| more')
    expect(cell('a\n  b')).toBe('a b')
    expect(cell('')).toBe('—')
  })
})
