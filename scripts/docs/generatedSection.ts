/** Markers around a generated block in a Markdown file: `<!-- BEGIN name -->` … `<!-- END name -->`. */
function markers(name: string): { begin: string; end: string } {
  return { begin: `<!-- BEGIN ${name} (generated: npm run docs) -->`, end: `<!-- END ${name} -->` };
}

/** The generated block `name` of `text`, or undefined when the markers are missing. */
export function readGeneratedSection(text: string, name: string): string | undefined {
  const { begin, end } = markers(name);
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) return undefined;
  return text
    .slice(start + begin.length, stop)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** `text` with the generated block `name` replaced by `content`; throws when the markers are missing. */
export function writeGeneratedSection(text: string, name: string, content: string): string {
  const { begin, end } = markers(name);
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`No "${begin}" … "${end}" block to replace`);
  return `${text.slice(0, start + begin.length)}\n${content}\n${text.slice(stop)}`;
}
