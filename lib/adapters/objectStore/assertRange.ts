import { DataLakeError } from '../../core/errors';

/** Refuses a byte range an ObjectStore cannot read: a negative or fractional start, or no bytes. */
export function assertRange(bucket: string, key: string, start: number, length: number): void {
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(length) || length < 1) {
    throw new DataLakeError(
      `Invalid byte range for bucket "${bucket}", key "${key}": start ${start}, length ${length}; allowed: a whole start of at least 0 and a whole length of at least 1`,
    );
  }
}
