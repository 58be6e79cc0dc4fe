import type * as z from 'zod';
import { EnvironmentError } from '../core/errors';

/**
 * A task's settings from the environment, parsed with its schema, whose keys are the variable
 * names: the construct that sets the variables types them with the same schema
 * (`z.input<typeof schema>`), so a renamed or missing key fails the type-check on both sides.
 *
 * @throws EnvironmentError naming the first variable that is missing or not allowed
 * @example
 * ```ts
 * const settings = parseTaskSettings(commitSettingsSchema, process.env);
 * ```
 */
export function parseTaskSettings<Schema extends z.ZodObject>(
  schema: Schema,
  env: Readonly<Record<string, string | undefined>> = process.env,
): z.output<Schema> {
  const values = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key]]));
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const variable = String(issue?.path[0] ?? '(unknown)');
  const value = env[variable];
  throw new EnvironmentError(
    variable,
    `${value === undefined || value === '' ? 'is not set' : `is "${value}"`}; ${issue?.message ?? 'not allowed'}`,
  );
}
