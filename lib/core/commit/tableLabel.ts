/** How messages name a curated table: `source.table`. */
export function tableLabel(source: string, table: string): string {
  return `${source}.${table}`;
}
