/**
 * Whether two DuckDB type names are the same type, ignoring case and spacing
 * (`decimal(20, 0)` and `DECIMAL(20,0)` are equal).
 */
export function sameDuckdbType(a: string, b: string): boolean {
  const normalize = (type: string) => type.replace(/\s+/g, '').toUpperCase();
  return normalize(a) === normalize(b);
}
