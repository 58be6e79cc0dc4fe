import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The IAM role paths of one lake. A zone key's policy names who may decrypt by path
 * (`aws:PrincipalArn` of a role is the role's ARN, path included), so a role's path, not only
 * its IAM policy, decides whether it can read a zone:
 * - `raw`: the roles that handle unmasked data (export role, source pipeline functions and
 *   state machines); the only ones the raw key lets decrypt;
 * - `events`: the event relay and archive;
 * - `analyst`: the role analysts assume.
 * Every path lies under `lake`, the prefix the curated, events and operations keys accept.
 */
export interface LakeRolePaths {
  readonly lake: string;
  readonly raw: string;
  readonly events: string;
  readonly analyst: string;
}

/**
 * The role paths of the lake `lakeName`: `/datalake/<lake>/<zone>/`.
 *
 * @example
 * ```ts
 * lakeRolePaths('marketplace').raw; // '/datalake/marketplace/raw/'
 * ```
 */
export function lakeRolePaths(lakeName: string): LakeRolePaths {
  const lake = `/datalake/${lakeName}/`;
  return { lake, raw: `${lake}raw/`, events: `${lake}events/`, analyst: `${lake}analyst/` };
}

/**
 * The ARN pattern (for `ArnLike` on `aws:PrincipalArn`) of every role of `scope`'s account under
 * `path`, e.g. `arn:aws:iam::123456789012:role/datalake/marketplace/raw/*`.
 */
export function rolePathArnPattern(scope: IConstruct, path: string): string {
  return Stack.of(scope).formatArn({
    service: 'iam',
    region: '',
    resource: 'role',
    resourceName: `${path.slice(1)}*`,
  });
}
