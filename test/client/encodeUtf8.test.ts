import { encodeUtf8 } from '../../lib/client/encodeUtf8';

const encoder = new TextEncoder();

describe('encodeUtf8', () => {
  it.each([
    ['empty', ''],
    ['ASCII JSON', '{"eventId":"0b6c","name":"item_viewed"}'],
    ['multi-byte characters and a surrogate pair', '사용자 émile 😀'],
    ['a lone surrogate (U+FFFD)', 'x\ud83d'],
    ['a text too large for a slab', 'é'.repeat(10_000)],
  ])('encodes %s as TextEncoder does', (_, text) => {
    // Arrange
    const expected = encoder.encode(text);

    // Act
    const bytes = encodeUtf8(text);

    // Assert
    expect(bytes).toEqual(expected);
  });

  it('gives each text bytes of its own across slabs: no result changes when later ones are written', () => {
    // Arrange: 1,000 texts of ~260 bytes fill about 32 slabs
    const texts = Array.from({ length: 1000 }, (_, index) => `${index}:${'x'.repeat(250)}`);

    // Act
    const encoded = texts.map((text) => encodeUtf8(text));

    // Assert
    const decoder = new TextDecoder();
    expect(encoded.map((bytes) => decoder.decode(bytes))).toEqual(texts);
  });
});
