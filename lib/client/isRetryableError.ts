/** Error names Kinesis (or the SDK) uses for throttling and transient faults. */
const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
  'KMSThrottlingException',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

interface ServiceErrorShape {
  readonly name?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: unknown;
}

/**
 * Whether a failed PutRecords call may succeed if sent again: throttling, a 5xx or 429
 * response, or an error with no HTTP response at all (network down, connection reset, a
 * browser's failed fetch). Errors a retry cannot fix (a missing stream, denied access, a
 * malformed request) are not retried.
 *
 * @example
 * ```ts
 * isRetryableError(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })); // true
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as ServiceErrorShape;
  if (typeof shape.name === 'string' && RETRYABLE_NAMES.has(shape.name)) return true;
  if (shape.$retryable) return true;
  const status = shape.$metadata?.httpStatusCode;
  if (status === undefined) return true;
  return status === 429 || status >= 500;
}
