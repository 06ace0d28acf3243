/** Problems of a built docs site (default: docs/.vitepress/dist): broken links and anchors, live inspector elements. */
export function brokenLinks(dist?: string): { broken: string[]; checked: number }
