import { readGeneratedSection, writeGeneratedSection } from '../../scripts/docs/generatedSection';

const DOC = [
  '# Title',
  '<!-- BEGIN table (generated: npm run docs) -->',
  'old',
  '<!-- END table -->',
  'after',
].join('\n');

describe('generated Markdown sections', () => {
  it('replaces only the block between the markers', () => {
    // Act
    const written = writeGeneratedSection(DOC, 'table', 'new\nlines');

    // Assert
    expect(written).toBe(DOC.replace('old', 'new\nlines'));
    expect(readGeneratedSection(written, 'table')).toBe('new\nlines');
  });

  it('refuses a document without the markers, and reads nothing from it', () => {
    // Act / Assert
    expect(() => writeGeneratedSection('# nothing here', 'table', 'x')).toThrow(/No "<!-- BEGIN table/);
    expect(readGeneratedSection('# nothing here', 'table')).toBeUndefined();
  });
});
