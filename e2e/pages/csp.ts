// A page with a strict Content-Security-Policy (no inline script or style, no eval): the inspector must work.
import { Cache, CommandEventsPlugin, HitMissRatioPlugin, TimingPlugin } from '../../src/index.js'
import '../../inspector/index.js'

const violations: string[] = []
document.addEventListener('securitypolicyviolation', (event) =>
  violations.push(`${event.violatedDirective}: ${event.blockedURI}`),
)

const cache = new Cache({
  namespace: 'csp',
  plugins: [new TimingPlugin(), new HitMissRatioPlugin(), new CommandEventsPlugin()],
})
document.querySelector('pycached-inspector')!.cache = cache
Object.assign(globalThis, { cache, violations })
document.getElementById('status')!.textContent = 'ready'
