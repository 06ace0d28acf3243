import { css } from 'lit'

const dark = css`
  --pycached-bg: #0d1117;
  --pycached-bg-alt: #161b22;
  --pycached-fg: #e6edf3;
  --pycached-muted: #8d96a0;
  --pycached-border: #30363d;
  --pycached-accent: #4493f8;
  --pycached-good: #3fb950;
  --pycached-bad: #f85149;
`

/**
 * The theme tokens, set on `<pycached-inspector>` alone: its parts inherit them, so its `theme` attribute (or, without
 * one, `prefers-color-scheme`) decides for every one of them. Override them from the page
 * (`pycached-inspector { --pycached-accent: rebeccapurple }`) or style parts with `::part(...)`.
 */
export const tokens = css`
  :host {
    --pycached-bg: #ffffff;
    --pycached-bg-alt: #f3f4f6;
    --pycached-fg: #1f2328;
    --pycached-muted: #656d76;
    --pycached-border: #d0d7de;
    --pycached-accent: #0969da;
    --pycached-good: #1a7f37;
    --pycached-bad: #cf222e;
    --pycached-font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }
`

/** What every inspector element shares: text in the inherited tokens, and its controls. */
export const theme = css`
  :host {
    color: var(--pycached-fg);
    font: var(--pycached-font);
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
    background: var(--pycached-bg-alt);
    border: 1px solid var(--pycached-border);
    border-radius: 4px;
    padding: 2px 8px;
  }
  button {
    cursor: pointer;
  }
  button:hover {
    border-color: var(--pycached-accent);
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  [role='tab']:focus-visible {
    outline: 2px solid var(--pycached-accent);
    outline-offset: 1px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 3px 8px;
    border-bottom: 1px solid var(--pycached-border);
    white-space: nowrap;
  }
  th {
    color: var(--pycached-muted);
    font-weight: 600;
    position: sticky;
    top: 0;
    background: var(--pycached-bg);
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .muted {
    color: var(--pycached-muted);
  }
  .empty {
    color: var(--pycached-muted);
    padding: 16px;
  }
`

/** A toolbar line of the panel (the storage line, the forced-state controls): items in a row, an error in red. */
export const toolbarLine = css`
  :host {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    padding: 6px 8px;
    border-bottom: 1px solid var(--pycached-border);
  }
  .error {
    color: var(--pycached-bad);
  }
`
