import { DataLakeError } from '../../core/errors';

/**
 * The `{ value, runId }` body of a stored watermark.
 *
 * @throws DataLakeError naming `where` when the body is not that JSON
 */
export function parseWatermark(text: string, where: string): { value: string; runId: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new DataLakeError(`Watermark ${where} is not JSON; allowed: {"value": "…", "runId": "…"}`, {
      cause: error,
    });
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof record.value !== 'string' || typeof record.runId !== 'string') {
    throw new DataLakeError(
      `Watermark ${where} has keys [${Object.keys(record).join(', ')}]; allowed: string "value" and "runId"`,
    );
  }
  return { value: record.value, runId: record.runId };
}
