import { z } from 'zod';
import { requiredEnv } from '../../lib/adapters/env';
import { athenaTypeSchema } from '../../lib/config/athenaType';
import { fieldNameSchema } from '../../lib/config/identifiers';
import { EnvironmentError } from '../../lib/core/errors';

const payloadFieldsSchema = z.record(fieldNameSchema, athenaTypeSchema);

/**
 * The stream's `payloadFields` (field → Athena type) from the JSON object in `name`, as the
 * archive construct sets it (`{}` when the stream has none).
 *
 * @throws EnvironmentError naming the variable when it is unset, not JSON or not such an object
 */
export function payloadFieldsEnv(name: string): Record<string, string> {
  const text = requiredEnv(name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EnvironmentError(name, `is not JSON (${text}); allowed: an object of field → Athena type`, {
      cause: error,
    });
  }
  const parsed = payloadFieldsSchema.safeParse(json);
  if (!parsed.success) {
    throw new EnvironmentError(
      name,
      `is ${text}; allowed: an object of field → Athena type (${parsed.error.issues[0]?.message})`,
    );
  }
  return parsed.data;
}
