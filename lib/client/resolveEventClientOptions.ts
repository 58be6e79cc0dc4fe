import { type ConfigIssue, InvalidPropsError } from '../core/errors';
import type { BrowserEnvironment } from './BrowserEnvironment';
import { defaultBrowserEnvironment } from './defaultBrowserEnvironment';
import type { EventClientOptions, EventClientTuning } from './EventClientOptions';
import { KINESIS_LIMITS } from './kinesisLimits';
import type { EventQueueStorage } from './queue/EventQueueStorage';
import { indexedDbEventQueue } from './queue/indexedDbEventQueue';

/** Options of an EventClient with every default applied. */
export type ResolvedEventClientOptions<Payload extends Record<string, unknown>> =
  EventClientOptions<Payload> &
    Required<Omit<EventClientTuning, 'eventId'>> &
    Pick<EventClientTuning, 'eventId'> & {
      readonly queue: EventQueueStorage | false;
      readonly onQueueError: (error: unknown) => void;
      readonly queueLoadTimeoutMs: number;
      readonly environment: BrowserEnvironment;
      readonly flushOnPageHide: boolean;
    };

function warnQueueError(error: unknown): void {
  console.warn('EventClient: the event queue storage failed; events are kept in memory only', error);
}

/** An IndexedDB queue of its own per stream where IndexedDB exists (pages, workers), else none. */
function defaultQueue(stream: string): EventQueueStorage | false {
  if ((globalThis as { indexedDB?: unknown }).indexedDB === undefined) return false;
  return indexedDbEventQueue({ databaseName: `datalake-events:${stream}` });
}

function integerAtLeast(issues: ConfigIssue[], path: string, value: number, min: number, unit = ''): void {
  if (!Number.isInteger(value) || value < min) {
    issues.push({ path, message: `received ${value}; allowed: an integer ≥ ${min}${unit}` });
  }
}

/**
 * Applies the defaults of {@link EventClientTuning} and checks every option, gathering all
 * problems before throwing.
 *
 * @throws InvalidPropsError naming each bad option, the value received and what is allowed
 */
export function resolveEventClientOptions<Payload extends Record<string, unknown>>(
  options: EventClientOptions<Payload>,
): ResolvedEventClientOptions<Payload> {
  const resolved: ResolvedEventClientOptions<Payload> = {
    ...options,
    flushIntervalMs: options.flushIntervalMs ?? 1000,
    maxBufferedRecords: options.maxBufferedRecords ?? 10_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 16 * 1024 * 1024,
    fullBufferPolicy: options.fullBufferPolicy ?? 'wait',
    maxAttempts: options.maxAttempts ?? 8,
    baseBackoffMs: options.baseBackoffMs ?? 100,
    maxBackoffMs: options.maxBackoffMs ?? 5000,
    maxConcurrentCalls: options.maxConcurrentCalls ?? 4,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    queue: options.queue ?? defaultQueue(options.streamName ?? options.streamArn ?? ''),
    onQueueError: options.onQueueError ?? warnQueueError,
    queueLoadTimeoutMs: options.queueLoadTimeoutMs ?? 5000,
    environment: options.environment ?? defaultBrowserEnvironment(),
    flushOnPageHide: options.flushOnPageHide ?? true,
  };
  const issues: ConfigIssue[] = [];
  if ((resolved.streamName === undefined) === (resolved.streamArn === undefined)) {
    issues.push({
      path: 'streamName',
      message: `received streamName ${JSON.stringify(resolved.streamName)} and streamArn ${JSON.stringify(resolved.streamArn)}; allowed: exactly one of the two`,
    });
  }
  integerAtLeast(issues, 'schemaVersion', resolved.schemaVersion, 1);
  integerAtLeast(issues, 'flushIntervalMs', resolved.flushIntervalMs, 0);
  integerAtLeast(issues, 'maxBufferedRecords', resolved.maxBufferedRecords, 1);
  integerAtLeast(
    issues,
    'maxBufferedBytes',
    resolved.maxBufferedBytes,
    KINESIS_LIMITS.maxRecordBytes,
    ' (1 MiB, the largest record)',
  );
  integerAtLeast(issues, 'maxAttempts', resolved.maxAttempts, 1);
  integerAtLeast(issues, 'baseBackoffMs', resolved.baseBackoffMs, 0);
  integerAtLeast(issues, 'maxBackoffMs', resolved.maxBackoffMs, resolved.baseBackoffMs, ' (baseBackoffMs)');
  integerAtLeast(issues, 'maxConcurrentCalls', resolved.maxConcurrentCalls, 1);
  integerAtLeast(issues, 'queueLoadTimeoutMs', resolved.queueLoadTimeoutMs, 1);
  if (!['wait', 'reject', 'dropOldest'].includes(resolved.fullBufferPolicy)) {
    issues.push({
      path: 'fullBufferPolicy',
      message: `received ${JSON.stringify(resolved.fullBufferPolicy)}; allowed: 'wait', 'reject' or 'dropOldest'`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError('EventClient', issues);
  return resolved;
}
