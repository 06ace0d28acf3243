// The default theme, plus the components the pages use: the live inspector demo and the benchmark chart.
import DefaultTheme from 'vitepress/theme'
import type { Theme } from 'vitepress'
import BenchChart from './BenchChart.vue'
import './custom.css'
import InspectorDemo from './InspectorDemo.vue'

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('InspectorDemo', InspectorDemo)
    app.component('BenchChart', BenchChart)
  },
} satisfies Theme
