import { css } from 'lit'
import { theme, tokens } from './styles.js'

/** The styles of `<pycached-inspector>` itself: the docked or inline panel, its header, tabs and badge. */
export const inspectorStyles = [
  tokens,
  theme,
  css`
    :host {
      position: fixed;
      inset: auto 0 0 0;
      z-index: 2147483000;
    }
    :host([placement='inline']) {
      position: static;
      display: block;
    }
    .panel {
      background: var(--pycached-bg);
      border-top: 1px solid var(--pycached-border);
      box-shadow: 0 -4px 16px rgb(0 0 0 / 12%);
      display: flex;
      flex-direction: column;
    }
    .resize {
      height: 5px;
      cursor: ns-resize;
      background: var(--pycached-bg-alt);
      touch-action: none;
    }
    header {
      display: flex;
      white-space: nowrap;
      align-items: center;
      gap: 4px 12px;
      padding: 4px 8px;
      border-bottom: 1px solid var(--pycached-border);
      background: var(--pycached-bg-alt);
    }
    .title {
      font-weight: 700;
    }
    .notice {
      margin: 0;
      padding: 4px 8px;
      border-bottom: 1px solid var(--pycached-border);
      color: var(--pycached-muted);
    }
    .problem {
      color: var(--pycached-bad);
    }
    .tabs {
      display: flex;
      border-bottom: 1px solid var(--pycached-border);
    }
    [role='tab'] {
      all: unset;
      padding: 4px 10px;
      cursor: pointer;
      border-bottom: 2px solid transparent;
    }
    [role='tab'][aria-selected='true'] {
      border-bottom-color: var(--pycached-accent);
      color: var(--pycached-accent);
    }
    .spacer {
      flex: 1;
    }
    header > button,
    header > .title {
      flex: none;
    }
    header > select {
      min-width: 0;
      max-width: 30%;
    }
    .body {
      flex: 1;
      min-height: 0;
      overflow: auto;
      display: flex;
      flex-direction: column;
    }
    .body > pycached-keys,
    .body > pycached-log {
      flex: 1;
    }
    .badge {
      position: fixed;
      right: 12px;
      bottom: 12px;
      border-radius: 999px;
      padding: 6px 12px;
      background: var(--pycached-bg);
      box-shadow: 0 2px 10px rgb(0 0 0 / 20%);
    }
  `,
]
