// The page of e2e/bindings.spec.ts: one key of a tiered cache over IndexedDB, shown by a Lit element through
// CachedValueController and by a React component through useCached; another tab writes it.
import { LitElement, html } from 'lit'
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { Cache, CachedValueController, IndexedDBBackend, MemoryBackend, TieredBackend } from '../../src/index.js'
import { useCached } from '../../src/react.js'

type Cart = { items: number }

const backend = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'e2e-bindings' })])
const cache = new Cache<Cart>({ backend, namespace: 'shop' })
let renders = 0

class CartBadge extends LitElement {
  cart = new CachedValueController(this, cache, 'cart')
  override render() {
    renders++
    if (this.cart.loading) return html`<span id="lit">loading</span>`
    return html`<span id="lit">${this.cart.value === undefined ? 'empty' : `${this.cart.value.items} items`}</span>`
  }
}
customElements.define('cart-badge', CartBadge)

function ReactBadge() {
  const { value, loading } = useCached(cache, 'cart')
  return createElement('span', { id: 'react-value' }, loading ? 'loading' : value ? `${value.items} items` : 'empty')
}
createRoot(document.getElementById('react')!).render(createElement(ReactBadge))

Object.assign(globalThis, { bindings: { cache, renders: () => renders } })
document.getElementById('status')!.textContent = 'ready'
