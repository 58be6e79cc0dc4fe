import { decodeBase64 } from '../../../lib/client/queue/decodeBase64';
import { encodeBase64 } from '../../../lib/client/queue/encodeBase64';

describe('encodeBase64 / decodeBase64', () => {
  it.each([0, 1, 2, 3, 4, 5, 255, 256, 1000])('round-trips %i random bytes and matches Buffer', (length) => {
    // Arrange
    const bytes = new Uint8Array(length).map(() => Math.floor(Math.random() * 256));

    // Act
    const text = encodeBase64(bytes);
    const decoded = decodeBase64(text);

    // Assert: Node's Buffer is the oracle for RFC 4648 base64
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(decoded).toEqual(bytes);
  });

  it('encodes a view by its own bytes, not its whole buffer', () => {
    // Arrange
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]);

    // Act
    const text = encodeBase64(buffer.subarray(2, 4));

    // Assert
    expect(text).toBe(Buffer.from([3, 4]).toString('base64'));
  });

  it.each(['a', 'abc', 'ab=c', 'a*cd', 'abcd=', '====', 'YQ'])(
    'refuses %p, which is not padded base64',
    (text) => {
      // Act
      const decoded = decodeBase64(text);

      // Assert
      expect(decoded).toBeUndefined();
    },
  );
});
