import { DataLakeError } from '../../core/errors';

/** Parses an object's text as JSON, naming the object when it is not JSON. */
export function parseJsonObject(text: string, bucket: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataLakeError(`Object is not JSON: bucket "${bucket}", key "${key}"`, { cause: error });
  }
}
