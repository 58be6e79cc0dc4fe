import { DataLakeError } from '../core/errors';

/**
 * The part of Web Crypto that {@link randomEventId} uses; `globalThis.crypto` in browsers, workers,
 * Node ≥ 19 and React Native with a polyfill.
 */
export interface EventIdCrypto {
  readonly randomUUID?: () => string;
  readonly getRandomValues?: <T extends Uint8Array>(array: T) => T;
}

/** Two hex digits per byte value, so a UUID is 16 lookups rather than 16 `toString(16)` calls. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Reused for every fallback id: its bytes are copied into the string before the next call. */
const bytes = new Uint8Array(16);

/**
 * A new event id: a random RFC 9562 version-4 UUID (lower-case, 36 characters).
 *
 * Uses `crypto.randomUUID()` where it exists. Browsers expose it only in secure contexts
 * (https, localhost: https://developer.mozilla.org/en-US/docs/Web/API/Crypto/randomUUID), so a
 * page served over plain http from a LAN address has none; `crypto.getRandomValues()` is not
 * limited that way (https://developer.mozilla.org/en-US/docs/Web/API/Crypto/getRandomValues), and
 * the id is then built from 16 of its bytes with the version (4) and variant (10) bits set as
 * RFC 9562 §5.4 says (https://www.rfc-editor.org/rfc/rfc9562#section-5.4): 122 random bits,
 * as `randomUUID()` gives.
 *
 * @param source - where the randomness comes from; tests pass their own.
 *   @default globalThis.crypto
 * @throws DataLakeError when the runtime has neither (no Web Crypto: e.g. React Native without a
 *   `getRandomValues` polyfill such as react-native-get-random-values); the message says so
 * @example
 * ```ts
 * randomEventId(); // '0b6f5f2e-6a0c-4f8e-9c1d-3b2a4e5f6a7b'
 * ```
 */
export function randomEventId(source: EventIdCrypto | undefined = globalThis.crypto): string {
  // Called as methods: Web Crypto's functions throw "Illegal invocation" when detached.
  if (typeof source?.randomUUID === 'function') return source.randomUUID();
  if (typeof source?.getRandomValues !== 'function') {
    const missing =
      source === undefined
        ? 'this runtime has no globalThis.crypto (Web Crypto)'
        : 'globalThis.crypto has neither randomUUID() nor getRandomValues()';
    throw new DataLakeError(
      `Cannot make an event id: ${missing}, so no secure random source. On React Native, install a ` +
        "getRandomValues polyfill such as react-native-get-random-values and import it first in the app's " +
        'entry file; or give the EventClient your own ids (its eventId option).',
    );
  }
  source.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4 in the high nibble of octet 6
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10 in the two high bits of octet 8
  const h = (index: number): string => HEX[bytes[index]];
  return (
    `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-` +
    `${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`
  );
}
