import { css } from 'lit'
import { theme } from './styles.js'
import { listViewStyles, virtualStyles } from './virtual-rows.js'

/** The styles of `<pycached-keys>`: the shared list layout, its columns, the value below it, the confirm bar. */
export const keysStyles = [
  theme,
  virtualStyles,
  listViewStyles,
  css`
    .row {
      grid-template-columns: minmax(100px, 2fr) minmax(120px, 4fr) 72px 64px 84px;
    }
    .key button,
    .value button {
      all: unset;
      cursor: pointer;
      width: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .row.selected {
      background: var(--pycached-bg-alt);
    }
    .detail {
      border-top: 1px solid var(--pycached-border);
      max-height: 40%;
      overflow: auto;
      padding: 4px 8px;
    }
    pre {
      margin: 0;
      white-space: pre-wrap;
    }
    .error,
    .danger {
      color: var(--pycached-bad);
    }
    .confirm {
      display: flex;
      gap: 8px;
      align-items: center;
      padding: 6px 8px;
      border-bottom: 1px solid var(--pycached-border);
    }
  `,
]
