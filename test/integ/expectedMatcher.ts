import { Match, Matcher } from 'aws-cdk-lib/assertions';

/**
 * Turns an assertion's synthesized `expected` property (integ-tests-alpha's encoding:
 * `{"$ObjectLike": …}`, `$ArrayWith`, `$StringLike`, `$SerializedJson`) into the aws-cdk-lib
 * `Match` matcher the deployed assertion handler builds from it, so a test can judge fixed API
 * responses exactly as the check on AWS will. Innermost encodings are decoded first, as the
 * handler's JSON reviver does; a plain value is matched exactly.
 *
 * @example
 * ```ts
 * expectedMatcher('{"$ObjectLike":{"status":"SUCCEEDED"}}').test({ status: 'FAILED' }).hasFailed(); // true
 * ```
 */
export function expectedMatcher(expected: string): Matcher {
  const decoded: unknown = JSON.parse(expected, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const [encoding] = Object.keys(value);
    const pattern = (value as Record<string, unknown>)[encoding ?? ''];
    switch (encoding) {
      case '$ObjectLike':
        return Match.objectLike(pattern as Record<string, unknown>);
      case '$ArrayWith':
        return Match.arrayWith(pattern as unknown[]);
      case '$StringLike':
        return Match.stringLikeRegexp(pattern as string);
      case '$SerializedJson':
        return Match.serializedJson(pattern);
      default:
        return value;
    }
  });
  return Matcher.isMatcher(decoded) ? decoded : Match.exact(decoded);
}
