import { RemovalPolicy } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';
import { type ConfigIssue, DataLakeError, InvalidPropsError } from '../../core/errors';
import { glueDatabaseNameProblem } from './glueDatabaseName';

/** One Glue database of the lake. */
export interface DataLakeDatabaseSpec {
  /**
   * The construct id of the database, stable across deploys.
   *
   * @default - the database name
   */
  readonly id?: string;
  /** The Glue database name: lower case letters, digits and `_`, 1 to 255 characters. */
  readonly databaseName: string;
  /**
   * What the database holds, shown in the Glue and Athena consoles.
   *
   * @default - no description
   */
  readonly description?: string;
  /**
   * The default S3 location of the database's tables, e.g. `s3://bucket/curated/sales/`.
   *
   * @default - no location; every table names its own
   */
  readonly locationUri?: string;
}

/** Props of {@link DataLakeCatalog}. */
export interface DataLakeCatalogProps {
  /** The databases to create, one per entry; names must be unique. */
  readonly databases: readonly DataLakeDatabaseSpec[];
  /**
   * What happens to the databases (and the table definitions in them) when they
   * leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The lake's Glue Data Catalog databases, in the account's default catalog. Tables
 * are created later, by the commit step, from the Parquet actually written.
 *
 * @example
 * ```ts
 * const catalog = new DataLakeCatalog(this, 'Catalog', {
 *   databases: [
 *     { databaseName: 'marketplace_service', description: 'Curated tables of the service DB' },
 *     { databaseName: 'marketplace_events' },
 *   ],
 * });
 * catalog.database('marketplace_events').databaseArn;
 * ```
 */
export class DataLakeCatalog extends Construct {
  /** The databases, keyed by database name, in the order given. */
  public readonly databases: ReadonlyMap<string, glue.Database>;

  public constructor(scope: Construct, id: string, props: DataLakeCatalogProps) {
    super(scope, id);
    validateProps(this.node.path, props);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.databases = new Map(
      props.databases.map((spec) => [
        spec.databaseName,
        new glue.Database(this, spec.id ?? spec.databaseName, {
          databaseName: spec.databaseName,
          description: spec.description,
          locationUri: spec.locationUri,
          removalPolicy,
        }),
      ]),
    );
  }

  /**
   * The database named `databaseName`.
   *
   * @throws DataLakeError when this catalog has no such database
   */
  public database(databaseName: string): glue.Database {
    const database = this.databases.get(databaseName);
    if (database === undefined) {
      const known = [...this.databases.keys()].join(', ') || '(none)';
      throw new DataLakeError(`${this.node.path} has no database '${databaseName}'; it has: ${known}`);
    }
    return database;
  }
}

function validateProps(constructPath: string, props: DataLakeCatalogProps): void {
  const issues: ConfigIssue[] = [];
  const seenNames = new Set<string>();
  const seenIds = new Set<string>();
  props.databases.forEach((spec, index) => {
    const problem = glueDatabaseNameProblem(spec.databaseName);
    if (problem !== undefined) issues.push({ path: `databases[${index}].databaseName`, message: problem });
    const id = spec.id ?? spec.databaseName;
    if (seenNames.has(spec.databaseName)) {
      issues.push({
        path: `databases[${index}].databaseName`,
        message: `got '${spec.databaseName}' a second time; database names must be unique`,
      });
    } else if (seenIds.has(id)) {
      issues.push({
        path: `databases[${index}].id`,
        message: `got '${id}', already the id of another database; construct ids must be unique`,
      });
    }
    seenNames.add(spec.databaseName);
    seenIds.add(id);
  });
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
