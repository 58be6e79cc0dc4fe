export type { BrowserEnvironment } from './BrowserEnvironment';
export type { BufferedEvent } from './BufferedEvent';
export { type BackoffPolicy, backoffDelay } from './backoffDelay';
export { buildRecord, type RecordSettings } from './buildRecord';
export { defaultBrowserEnvironment } from './defaultBrowserEnvironment';
export { EventClient } from './EventClient';
export type {
  EventClientDurability,
  EventClientOptions,
  EventClientStats,
  EventClientTuning,
  EventDeliveryFailure,
  EventStreamTarget,
  FullBufferPolicy,
} from './EventClientOptions';
export { isRetryableError } from './isRetryableError';
export { KINESIS_LIMITS } from './kinesisLimits';
export { RecordBatcher } from './RecordBatcher';
export { type EventIdCrypto, randomEventId } from './randomEventId';
export { type ResolvedEventClientOptions, resolveEventClientOptions } from './resolveEventClientOptions';
