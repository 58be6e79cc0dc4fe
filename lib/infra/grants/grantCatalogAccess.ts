import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';

/** Glue actions a plan step needs: read the catalog's known columns. */
export const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartitions',
];

/**
 * Glue actions the commit step needs: create run tables and register their partitions, switch
 * views, delete the tables of runs retention removes (Service Authorization Reference, "Actions,
 * resources, and condition keys for AWS Glue": glue:DeleteTable on the catalog, database and table).
 */
export const GLUE_COMMIT_ACTIONS = [
  ...GLUE_READ_ACTIONS,
  'glue:CreateTable',
  'glue:UpdateTable',
  'glue:DeleteTable',
  'glue:GetPartition',
  'glue:BatchCreatePartition',
  'glue:BatchDeletePartition',
];

/**
 * Grants Glue `actions` on the account's catalog, `database` and its tables only, acknowledging
 * the table wildcard (the commit step creates tables by name at run time).
 *
 * @example
 * ```ts
 * grantCatalogAccess(this, commit, database, GLUE_COMMIT_ACTIONS);
 * ```
 */
export function grantCatalogAccess(
  scope: Construct,
  grantee: iam.IGrantable,
  database: glue.IDatabase,
  actions: readonly string[],
): iam.Grant {
  const stack = Stack.of(scope);
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: [...actions],
    resourceArns: [
      stack.formatArn({ service: 'glue', resource: 'catalog', arnFormat: ArnFormat.NO_RESOURCE_NAME }),
      database.databaseArn,
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${database.databaseName}/*` }),
    ],
  });
  acknowledgeGrantWildcards(
    grantee,
    grant,
    `Glue tables of the ${database.databaseName} database only: the commit step creates them by name at run time.`,
  );
  return grant;
}
