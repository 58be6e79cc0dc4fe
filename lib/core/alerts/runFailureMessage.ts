import type { RunFailure, RunFailureStatus } from './RunFailure';

/** The subject and body of the message a failed run sends (SNS Publish's `Subject` and `Message`). */
export interface RunFailureMessage {
  readonly subject: string;
  readonly body: string;
}

/**
 * SNS Publish's `Subject`: "UTF-8 text with no line breaks or control characters, and less than
 * 100 characters long" (Publish, Amazon SNS API Reference); kept to printable ASCII, since SNS
 * rewrites a subject with non-ASCII characters.
 */
export const MAX_SUBJECT_LENGTH = 99;

/** The most failed tables a message lists one by one; the rest are counted. */
export const MAX_LISTED_TABLES = 20;

/**
 * The most characters of one cause a message keeps: Step Functions allows causes of 32,768
 * characters, and a message with 20 of those would still fit SNS's 256 KB, but not a reader.
 */
export const MAX_CAUSE_LENGTH = 1000;

const ENDED: Record<RunFailureStatus, string> = {
  FAILED: 'failed',
  TIMED_OUT: "timed out: it ran longer than its state machine's timeout",
  ABORTED: 'was aborted: it was stopped before it ended',
};

function cut(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 3)}...`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function subjectOf(failure: RunFailure): string {
  const { failedTables, error } = failure;
  const why =
    failedTables.length > 0
      ? `: ${plural(failedTables.length, 'table')} failed`
      : error === undefined
        ? ''
        : ` (${error})`;
  const text = `Data lake ${failure.lake}: ${failure.source} ${failure.pipeline} run ${failure.status}${why}`;
  // Printable ASCII on one line; anything else (a control character, a non-ASCII name) becomes `?`.
  return cut(text.replaceAll(/[^\x20-\x7e]/g, '?'), MAX_SUBJECT_LENGTH);
}

/** `text` with its lines after the first indented under a list item; blank lines stay empty. */
function indent(text: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 || line.trim() === '' ? line.trimEnd() : `    ${line}`))
    .join('\n');
}

function failedTableLines(failure: RunFailure): string[] {
  const { failedTables } = failure;
  if (failedTables.length === 0) return [];
  const listed = failedTables
    .slice(0, MAX_LISTED_TABLES)
    .map((table) => `- ${table.table}: ${indent(cut(table.cause, MAX_CAUSE_LENGTH))}`);
  const more = failedTables.length - MAX_LISTED_TABLES;
  return [
    '',
    `Failed tables (${failedTables.length}):`,
    ...listed,
    ...(more > 0 ? [`- and ${plural(more, 'more table')}`] : []),
  ];
}

function errorLines(failure: RunFailure): string[] {
  // A table failure's error and cause repeat a listed table's; other failures are told as they are.
  if (failure.failedTables.length > 0 || failure.error === undefined) return [];
  const cause = failure.cause === undefined || failure.cause === '' ? '' : `: ${failure.cause}`;
  return ['', `Error: ${indent(cut(`${failure.error}${cause}`, MAX_CAUSE_LENGTH))}`];
}

/**
 * The message a person gets when a pipeline run ends without succeeding: a one-line subject
 * (lake, source, pipeline, status, how many tables failed) and a plain-text body that says which
 * run ended how, each failed table with its cause (at most {@link MAX_LISTED_TABLES}, each cause
 * cut to {@link MAX_CAUSE_LENGTH}), the run's own error when no table is to blame, and where to
 * look. The notify-failure Lambda publishes it to the lake's alert topic; `datalake local` prints
 * the same text for a failed local run.
 *
 * @example
 * ```ts
 * runFailureMessage({ lake: 'marketplace', source: 'service', pipeline: 'snapshot', stateMachine: 'marketplace-service-snapshot',
 *   execution: 'e-1', status: 'FAILED', startedAt: '2026-12-07T03:00:05.000Z', error: 'TableFailed',
 *   failedTables: [{ table: 'items', cause: 'TransformError: part 1 is corrupt' }], link: 'https://…' }).subject;
 * // 'Data lake marketplace: service snapshot run FAILED: 1 table failed'
 * ```
 */
export function runFailureMessage(failure: RunFailure): RunFailureMessage {
  const body = [
    `The ${failure.pipeline} pipeline of source ${failure.source} in data lake ${failure.lake} ${ENDED[failure.status]}.`,
    '',
    `State machine: ${failure.stateMachine}`,
    `Execution: ${failure.execution}`,
    `Started: ${failure.startedAt}`,
    `Status: ${failure.status}`,
    ...failedTableLines(failure),
    ...errorLines(failure),
    '',
    `Details: ${failure.link}`,
  ];
  return { subject: subjectOf(failure), body: `${body.join('\n')}\n` };
}
