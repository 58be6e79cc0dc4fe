/**
 * The rule CloudFormation's `AWS::RDS::DBClusterEndpoint` schema gives `DBClusterEndpointIdentifier`
 * (aws-cloudformation-resource-providers-rds, aws-rds-dbclusterendpoint.json): a lower-case
 * letter, then lower-case letters, digits and single hyphens, no trailing hyphen, at most 63
 * characters ("The maximum length for a custom endpoint name is 63 characters", Considerations for
 * custom endpoints in Amazon Aurora).
 */
export const CUSTOM_ENDPOINT_IDENTIFIER = /^[a-z](?:-?[a-z0-9]){0,62}$/;

/** The suffixes {@link SourceReplica} appends to the prefix: the longest decides the prefix's room. */
export const CUSTOM_ENDPOINT_SUFFIXES = { analytics: '-analytics', product: '-product' } as const;

/** The longest prefix that leaves room for every suffix within 63 characters. */
export const MAX_CUSTOM_ENDPOINT_PREFIX =
  63 - Math.max(...Object.values(CUSTOM_ENDPOINT_SUFFIXES).map((suffix) => suffix.length));

/**
 * A valid custom endpoint prefix made from `name` (e.g. `<lake>-<source>`): lower case, every run
 * of other characters one `-`, no `-` at either end, cut to {@link MAX_CUSTOM_ENDPOINT_PREFIX}.
 *
 * @example
 * ```ts
 * auroraEndpointPrefix('marketplace-service_events'); // 'marketplace-service-events'
 * ```
 */
export function auroraEndpointPrefix(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, MAX_CUSTOM_ENDPOINT_PREFIX)
    .replace(/-+$/, '');
}
