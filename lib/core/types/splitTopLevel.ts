/**
 * Splits a type list on commas that are not nested in `()`, `<>` or double quotes:
 * `a INTEGER, b DECIMAL(10,2)` → `['a INTEGER', 'b DECIMAL(10,2)']`.
 *
 * @example
 * ```ts
 * splitTopLevel('string, map<string,int>'); // ['string', 'map<string,int>']
 * ```
 */
export function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < list.length; index += 1) {
    const char = list[index];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '(' || char === '<') depth += 1;
    else if (char === ')' || char === '>') depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(list.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts;
}
