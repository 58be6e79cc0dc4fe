import { createHash, createHmac } from 'node:crypto';
import type { MskIamToken } from './mskIamTokenProvider';

/** AWS credentials, as the SDK's credential providers resolve them. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working: a token never outlives them. */
  readonly expiration?: Date;
}

/** What {@link signMskIamToken} signs. */
export interface MskIamTokenRequest {
  /** Region of the MSK cluster. */
  readonly region: string;
  readonly credentials: AwsCredentials;
  /**
   * The signing time.
   *
   * @default now
   */
  readonly signingDate?: Date;
  /**
   * The `User-Agent` query parameter, which is not signed (MSK logs it).
   *
   * @default 'datalake-stack'
   */
  readonly userAgent?: string;
}

const SERVICE = 'kafka-cluster';
/** How long a token is valid at most (the signer library's 900 s, MSK's reauthentication period). */
const TOKEN_SECONDS = 900;
/** SHA-256 of the empty payload of the signed GET. */
const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** encodeURIComponent plus the characters SigV4 also escapes (RFC 3986 unreserved only). */
function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * The MSK IAM authentication token (SASL/OAUTHBEARER) for `region`: a SigV4-presigned
 * `GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect` URL, base64url
 * without padding, valid 900 s (less when the credentials expire sooner). The format is that of
 * aws-msk-iam-sasl-signer-js, the library MSK's "Configure clients for IAM access control" names
 * for Node.js, byte for byte (test/adapters/kafka/signMskIamToken.test.ts), signed with node:crypto
 * as "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)" describes, so the
 * relay bundle carries neither the library's STS client nor the SDK's signer (issue 18: < 500 KB).
 *
 * @example
 * ```ts
 * const { token, expiryTime } = signMskIamToken({ region: 'eu-west-1', credentials: await lambdaRoleCredentials() });
 * ```
 */
export function signMskIamToken(request: MskIamTokenRequest): MskIamToken {
  const { region, credentials } = request;
  const signingDate = request.signingDate ?? new Date();
  const longDate = signingDate
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const shortDate = longDate.slice(0, 8);
  const host = `kafka.${region}.amazonaws.com`;
  const scope = `${shortDate}/${region}/${SERVICE}/aws4_request`;
  const expiresIn =
    credentials.expiration === undefined
      ? TOKEN_SECONDS
      : Math.min(Math.floor((credentials.expiration.getTime() - Date.now()) / 1000), TOKEN_SECONDS);
  const query: Array<[string, string]> = [
    ['Action', 'kafka-cluster:Connect'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', longDate],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  if (credentials.sessionToken) query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  // Both the canonical query and the library's URL list the parameters sorted by name.
  const encoded = (pairs: Array<[string, string]>) =>
    [...pairs]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${uriEscape(key)}=${uriEscape(value)}`)
      .join('&');
  const canonicalQuery = encoded(query);
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}`, '', 'host', EMPTY_PAYLOAD_HASH].join(
    '\n',
  );
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    longDate,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
  ].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, shortDate), region), SERVICE),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  query.push(['X-Amz-Signature', signature], ['User-Agent', request.userAgent ?? 'datalake-stack']);
  const url = `https://${host}/?${encoded(query)}`;
  return {
    token: Buffer.from(url, 'utf8').toString('base64url'),
    // The signing time to the second, as X-Amz-Date says, plus the validity.
    expiryTime: Math.floor(signingDate.getTime() / 1000) * 1000 + expiresIn * 1000,
  };
}
