/**
 * Runs `work` with `globalThis.crypto` replaced by `replacement` (undefined: no Web Crypto at all,
 * as in React Native without a polyfill) and puts Node's own back afterwards, even when `work`
 * throws, so no other test sees the replacement.
 *
 * @example
 * ```ts
 * withGlobalCrypto({ getRandomValues: (a) => crypto.getRandomValues(a) }, () => buildRecord(...));
 * ```
 */
export function withGlobalCrypto<T>(replacement: object | undefined, work: () => T): T {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: replacement, configurable: true, writable: true });
  try {
    return work();
  } finally {
    if (original) Object.defineProperty(globalThis, 'crypto', original);
    else Reflect.deleteProperty(globalThis, 'crypto');
  }
}
