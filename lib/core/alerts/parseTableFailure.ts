import type { FailedTable } from './RunFailure';

/**
 * The cause a failed table's branch names it with, which the state it ends in enters with
 * (`catchTableFailure`, both pipelines: `Table {source}.{table} failed with {Error}: {Cause}`; a
 * replica chunk's `Table {source}.{table} failed in chunk {index} with {Error}: {Cause}`).
 */
const TABLE_FAILURE = /^Table ([^.\s]+)\.(\S+) failed (?:in chunk (\d+) )?with ([^:]*): ([\s\S]*)$/;

/**
 * A Lambda function's error as Step Functions records it in `Cause`: the function's error
 * response, a JSON object with `errorType`, `errorMessage` and `trace` ("AWS Lambda function
 * errors in Node.js", https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html), not the
 * message itself. Local mode records the message itself.
 */
function readableCause(error: string, cause: string): string {
  try {
    const parsed: unknown = JSON.parse(cause);
    if (typeof parsed === 'object' && parsed !== null && 'errorMessage' in parsed) {
      const message = String(parsed.errorMessage);
      const type = 'errorType' in parsed ? String(parsed.errorType) : error;
      return `${type}: ${message}`;
    }
  } catch {
    // Not JSON: the message itself.
  }
  return cause === '' ? error : `${error}: ${cause}`;
}

/**
 * The table a Fail state's cause names and why it failed, a Lambda's JSON cause made readable;
 * undefined for a cause that names no table of `source` (an export that failed, a run already
 * running).
 *
 * @example
 * ```ts
 * parseTableFailure('service', 'Table service.items failed with TransformError: {"errorType":"TransformError","errorMessage":"part 1 is corrupt","trace":[]}');
 * // { table: 'items', cause: 'TransformError: part 1 is corrupt' }
 * ```
 */
export function parseTableFailure(source: string, cause: string): FailedTable | undefined {
  const match = TABLE_FAILURE.exec(cause);
  if (match === null || match[1] !== source) return undefined;
  const [, , table = '', chunk, error = '', detail = ''] = match;
  const readable = readableCause(error, detail);
  return { table, cause: chunk === undefined ? readable : `chunk ${chunk}: ${readable}` };
}

/**
 * The tables the causes of a run's Fail states name, once each (a table's cause reaches the Fail
 * state inside its Map and the run's own), in the order first named.
 *
 * @example
 * ```ts
 * tableFailures('service', ['Table service.items failed with TransformError: part 1 is corrupt', 'RDS export … ended FAILED']);
 * // [{ table: 'items', cause: 'TransformError: part 1 is corrupt' }]
 * ```
 */
export function tableFailures(source: string, causes: readonly string[]): FailedTable[] {
  const found = new Map<string, FailedTable>();
  for (const cause of causes) {
    const failure = parseTableFailure(source, cause);
    if (failure !== undefined && !found.has(failure.table)) found.set(failure.table, failure);
  }
  return [...found.values()];
}
