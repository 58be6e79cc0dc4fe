import type { OauthbearerProviderResponse } from 'kafkajs';
import { lambdaRoleCredentials } from './lambdaRoleCredentials';
import { type AwsCredentials, signMskIamToken } from './signMskIamToken';

/** A signed MSK IAM token and when it stops being accepted (ms since the epoch). */
export interface MskIamToken {
  readonly token: string;
  readonly expiryTime: number;
}

/** Options of {@link mskIamTokenProvider}. */
export interface MskIamTokenProviderOptions {
  /** Region of the MSK cluster; the token is a SigV4-signed `kafka-cluster:Connect` URL for it. */
  readonly region: string;
  /**
   * How long before expiry a cached token is replaced, in ms.
   *
   * @default 60000 (a minute: kafkajs may hold a token for a connection attempt and its retries)
   */
  readonly refreshMarginMs?: number;
  /**
   * Where the signing credentials come from, asked at each signing.
   *
   * @default the Lambda execution role's, from the environment ({@link lambdaRoleCredentials}); pass
   *   an SDK client's `config.credentials` (the SDK's default chain) elsewhere
   */
  readonly credentials?: () => Promise<AwsCredentials>;
  /**
   * Makes a token; injectable so tests run without AWS credentials.
   *
   * @default {@link signMskIamToken} with `credentials`
   */
  readonly generate?: (region: string) => Promise<MskIamToken>;
  /**
   * The clock, in ms since the epoch.
   *
   * @default Date.now
   */
  readonly now?: () => number;
}

/**
 * The kafkajs `oauthBearerProvider` for MSK IAM authentication (SASL/OAUTHBEARER over TLS).
 * kafkajs calls it on every new connection and on re-authentication before the broker's session
 * ends; the token (valid 15 minutes) is cached and replaced `refreshMarginMs` before it expires,
 * so a warm Lambda container never presents an expired token and does not sign one per connection.
 * Concurrent calls during a refresh share one signing.
 *
 * @example
 * ```ts
 * const sasl = { mechanism: 'oauthbearer', oauthBearerProvider: mskIamTokenProvider({ region: 'eu-west-1' }) };
 * ```
 */
export function mskIamTokenProvider(
  options: MskIamTokenProviderOptions,
): () => Promise<OauthbearerProviderResponse> {
  const refreshMarginMs = options.refreshMarginMs ?? 60_000;
  const credentials = options.credentials ?? lambdaRoleCredentials;
  const generate =
    options.generate ??
    (async (region: string) => signMskIamToken({ region, credentials: await credentials() }));
  const now = options.now ?? Date.now;
  let current: Promise<MskIamToken> | undefined;
  // Unknown while a signing is pending, so concurrent callers wait for it instead of signing again.
  let expiryTime: number | undefined;
  return async () => {
    const stale = expiryTime !== undefined && now() >= expiryTime - refreshMarginMs;
    if (current === undefined || stale) {
      const signing = generate(options.region);
      current = signing;
      expiryTime = undefined;
      // A failed signing must not stay cached: the next connection attempt signs again.
      signing.then(
        (token) => {
          if (current === signing) expiryTime = token.expiryTime;
        },
        () => {
          if (current === signing) current = undefined;
        },
      );
    }
    const { token } = await current;
    return { value: token };
  };
}
