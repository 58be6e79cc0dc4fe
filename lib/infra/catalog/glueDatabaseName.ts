import { Token } from 'aws-cdk-lib';

/**
 * The Glue database names the lake accepts: lower case letters, digits and `_`,
 * 1 to 255 characters. Glue itself folds names to lower case; refusing upper case
 * and hyphens keeps the name usable unquoted in Athena SQL.
 */
export const GLUE_DATABASE_NAME = /^[a-z0-9_]{1,255}$/;

/**
 * Why `name` is not a valid Glue database name, or `undefined` when it is (or is
 * an unresolved token, which can only be checked at deploy time).
 *
 * @example
 * ```ts
 * glueDatabaseNameProblem('Sales-DB'); // "got 'Sales-DB'; allowed: ..."
 * glueDatabaseNameProblem('sales');    // undefined
 * ```
 */
export function glueDatabaseNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name) || GLUE_DATABASE_NAME.test(name)) return undefined;
  return `got '${name}'; allowed: 1 to 255 characters of lower case letters, digits and '_' (${GLUE_DATABASE_NAME.source})`;
}
