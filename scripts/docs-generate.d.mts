/** Text of a manifest description for a markdown table cell: one line, no HTML outside code spans. */
export function cell(text?: string): string
/** The markdown page of every custom element in a Custom Elements Manifest, the public parts only. */
export function elementsPage(manifest: unknown): string
