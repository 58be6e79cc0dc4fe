import { webcrypto } from 'node:crypto';
import { type EventIdCrypto, randomEventId } from '../../lib/client';
import { DataLakeError } from '../../lib/core/errors';
import { eventEnvelopeSchema } from '../../lib/core/events';
import { withGlobalCrypto } from './withGlobalCrypto';

/** RFC 9562 §5.4: version nibble 4; variant bits 10, so the 4th group starts with 8, 9, a or b. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A source like an insecure page's crypto: getRandomValues only, filling with `fill(index)`. */
function bytesSource(fill: (index: number) => number): EventIdCrypto {
  return {
    getRandomValues: (array) => {
      for (let index = 0; index < array.length; index += 1) array[index] = fill(index);
      return array;
    },
  };
}

/** Node's real CSPRNG without randomUUID, as `crypto` is on http://<LAN address> in a browser. */
const getRandomValuesOnly: EventIdCrypto = {
  getRandomValues: (array) => webcrypto.getRandomValues(array),
};

describe('randomEventId', () => {
  it('uses crypto.randomUUID when present, called as a method of its crypto object', () => {
    // Arrange: Web Crypto's methods throw "Illegal invocation" unless `this` is the crypto object
    const source = {
      randomUUID(this: unknown): string {
        if (this !== source) throw new TypeError('Illegal invocation');
        return '36b8f84d-df4e-4d49-b662-bcde71a8764f';
      },
      getRandomValues: jest.fn(),
    };

    // Act
    const id = randomEventId(source);

    // Assert
    expect(id).toBe('36b8f84d-df4e-4d49-b662-bcde71a8764f');
    expect(source.getRandomValues).not.toHaveBeenCalled();
  });

  it('without randomUUID, lays out 16 random bytes in order with the version and variant bits set', () => {
    // Arrange: bytes 0x00…0x0f, so each byte's place in the string shows
    const source = bytesSource((index) => index);

    // Act
    const id = randomEventId(source);

    // Assert: octet 6 0x06 -> 0x46 (version 4), octet 8 0x08 -> 0x88 (variant 10)
    expect(id).toBe('00010203-0405-4607-8809-0a0b0c0d0e0f');
  });

  it.each([
    ['all bits clear', 0x00, '00000000-0000-4000-8000-000000000000'],
    ['all bits set', 0xff, 'ffffffff-ffff-4fff-bfff-ffffffffffff'],
  ])(
    'without randomUUID, forces the version and variant bits whatever the random bytes (%s)',
    (_, byte, expected) => {
      // Arrange
      const source = bytesSource(() => byte);

      // Act
      const id = randomEventId(source);

      // Assert
      expect(id).toBe(expected);
    },
  );

  it('without randomUUID, makes 20,000 distinct v4 UUIDs from a real CSPRNG, each one the envelope accepts', () => {
    // Arrange
    const count = 20_000;

    // Act
    const ids = Array.from({ length: count }, () => randomEventId(getRandomValuesOnly));

    // Assert
    expect(ids.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(count);
    expect(ids.slice(0, 100).every((id) => eventEnvelopeSchema.shape.eventId.safeParse(id).success)).toBe(
      true,
    );
  });

  it('without randomUUID, spreads every free hex digit over all 16 values (no stuck bits)', () => {
    // Arrange: 122 random bits; in 2,000 ids each free digit takes all 16 values unless a bit is stuck
    const ids = Array.from({ length: 2000 }, () => randomEventId(getRandomValuesOnly).replaceAll('-', ''));

    // Act
    const valuesPerDigit = Array.from({ length: 32 }, (_, digit) => new Set(ids.map((id) => id[digit])).size);

    // Assert: digit 12 is the version (always 4), digit 16 the variant (8-b only)
    const expected = Array.from({ length: 32 }, (_, digit) => (digit === 12 ? 1 : digit === 16 ? 4 : 16));
    expect(valuesPerDigit).toEqual(expected);
  });

  it('uses globalThis.crypto by default', () => {
    // Arrange
    const source = bytesSource(() => 0xab);

    // Act
    const id = withGlobalCrypto(source, () => randomEventId());

    // Assert
    expect(id).toBe('abababab-abab-4bab-abab-abababababab');
  });

  it('fails naming what is missing and the React Native polyfill when the crypto object has no random source', () => {
    // Arrange
    const source: EventIdCrypto = {};

    // Act
    const act = () => randomEventId(source);

    // Assert
    expect(act).toThrow(DataLakeError);
    expect(act).toThrow(/neither randomUUID\(\) nor getRandomValues\(\).*react-native-get-random-values/);
  });

  it('fails naming the missing Web Crypto when the runtime has no globalThis.crypto', () => {
    // Arrange / Act
    const act = () => withGlobalCrypto(undefined, () => randomEventId());

    // Assert
    expect(act).toThrow(
      /no globalThis\.crypto \(Web Crypto\).*react-native-get-random-values.*eventId option/,
    );
    expect(typeof globalThis.crypto.randomUUID).toBe('function');
  });
});
