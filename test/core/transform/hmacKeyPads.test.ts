import { createHash, createHmac } from 'node:crypto';
import { hmacKeyPads } from '../../../lib/core/transform';

/** HMAC from the pads as RFC 2104 writes it: H(K⊕opad || H(K⊕ipad || m)). */
function hmacFromPads(key: string, message: string): string {
  const { inner, outer } = hmacKeyPads(key);
  const innerDigest = createHash('sha256').update(inner).update(message, 'utf8').digest();
  return createHash('sha256').update(outer).update(innerDigest).digest('hex');
}

describe('hmacKeyPads', () => {
  it.each([
    ['a key shorter than a block', 'pepper-🧂-salt'],
    ['a key of exactly 64 bytes', 'k'.repeat(64)],
    ['a key longer than a block (hashed first)', `${'긴 열쇠 '.repeat(20)}😀`],
    ['the empty key', ''],
  ])('gives the pads of node:crypto createHmac for %s', (_, key) => {
    // Act
    const pads = hmacKeyPads(key);

    // Assert
    expect(pads.inner).toHaveLength(64);
    expect(pads.outer).toHaveLength(64);
    expect(hmacFromPads(key, 'kim@example.com')).toBe(
      createHmac('sha256', key).update('kim@example.com', 'utf8').digest('hex'),
    );
  });
});
