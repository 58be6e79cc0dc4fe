/**
 * Whether `input` is a plain object (an object literal, `JSON.parse`'s objects, `Object.create(null)`),
 * not an array, a class instance (Date, Map) or null: what an event payload must be.
 *
 * @example
 * ```ts
 * isPlainObject({ itemId: 1 }); // true
 * isPlainObject([1]); // false
 * ```
 */
export function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === Object.prototype || prototype === null;
}
