import * as z from 'zod';

/**
 * A setting that must be set and non-empty; `allowed` is what a missing or empty one is told.
 *
 * @example
 * ```ts
 * const schema = z.object({ GLUE_DATABASE: textSetting('allowed: the Glue database of the source') });
 * ```
 */
export function textSetting(allowed: string) {
  return z.string({ error: allowed }).min(1, allowed);
}

/**
 * A comma-separated list of one or more `what` (blanks around and between commas ignored), parsed
 * to a non-empty array.
 *
 * @example
 * ```ts
 * commaListSetting('hosts').parse('r1.example, r2.example'); // ['r1.example', 'r2.example']
 * ```
 */
export function commaListSetting(what: string) {
  const allowed = `allowed: a comma-separated list of one or more ${what}`;
  return z
    .string({ error: allowed })
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .pipe(z.tuple([z.string({ error: allowed })], z.string()));
}

/**
 * The setting of a function that publishes the lake's metrics: `POWERTOOLS_METRICS_NAMESPACE`
 * (Powertools' own variable), the lake's CloudWatch namespace, `metricsNamespace(lake)`. Spread
 * into a settings schema.
 *
 * @example
 * ```ts
 * const schema = z.object({ ...metricsNamespaceSetting, CURATED_BUCKET: textSetting('allowed: a bucket') });
 * ```
 */
export const metricsNamespaceSetting = {
  /** The lake's CloudWatch namespace its metrics go to. */
  POWERTOOLS_METRICS_NAMESPACE: textSetting("allowed: the lake's metrics namespace, DataLake/<lake>"),
};
