import type * as z from 'zod';
import { lakeNameClashes, sourceTableLabel } from '../core/pipeline/plan/lakeNameClashes';
import { type Engine, type ExtractMode, effectiveMode, effectiveSchema } from './sourceDefaults';

/** RDS allows 5 read replicas per instance; Aurora 15 readers per cluster. */
const MAX_REPLICAS = { instance: 5, cluster: 15 } as const;

/** The parts of a source that its own checks read. */
export interface CheckedSource {
  readonly engine: Engine;
  readonly database: string;
  readonly primary: { readonly instanceIdentifier?: string; readonly clusterIdentifier?: string };
  readonly replica: { readonly count: number };
  readonly defaultMode: ExtractMode;
  readonly cdc?: { readonly securityGroupId?: string };
  readonly includeTables: 'all' | 'listed';
  readonly excludeTables: readonly string[];
  readonly tables: readonly {
    readonly name: string;
    readonly schema?: string;
    readonly mode?: ExtractMode;
    readonly watermarkColumn?: string;
  }[];
}

/**
 * Refuses two listed tables the lake would publish under one catalog name (`Users` and `users`, or
 * the same name in two schemas): one would be published with the other's rows. The lake has no
 * per-table rename, so the way out is to curate only one of them.
 */
function checkLakeNames(source: CheckedSource, ctx: z.RefinementCtx): void {
  const named = source.tables.map((table) => ({ schema: effectiveSchema(table, source), table: table.name }));
  for (const clash of lakeNameClashes(named)) {
    const { first, second } = clash;
    if (first.schema === second.schema && first.table === second.table) continue; // a duplicate: reported above
    ctx.addIssue({
      code: 'custom',
      path: ['tables', named.indexOf(second), 'name'],
      message: `received ${sourceTableLabel(second)}, which the lake would publish as ${JSON.stringify(clash.lakeName)} like tables[${named.indexOf(first)}] ${sourceTableLabel(first)} (Glue and Athena keep table names in lower case, without the schema); allowed: one of the two in tables, the other left out (there is no table rename: columns.<name>.rename renames columns only)`,
    });
  }
}

/**
 * The rules of mode `cdc`. DMS reads the changes on the primary, never on the lake's replicas: "You
 * can't use RDS PostgreSQL read replicas for CDC" (Using a PostgreSQL database as an AWS DMS source)
 * and "You can't use Aurora MySQL replicas as a source for AWS DMS unless your DMS migration task
 * mode is Migrate existing data—full load only" (Using a MySQL-compatible database as a source for
 * AWS DMS). So the source names the DMS user's secret (host: the primary) and, for an RDS instance,
 * the primary's security group to open; an Aurora cluster's group is `primary.securityGroupId`.
 *
 * With `includeTables: all`, `defaultMode: cdc` is refused: the DMS table mappings and the apply
 * steps are fixed at deploy time from the listed tables, while unlisted tables are only found at run
 * time, so a table created later would never be applied, and a wildcard selection would land tables
 * in the raw zone that nothing reads.
 */
function checkCdc(source: CheckedSource, ctx: z.RefinementCtx): void {
  if (source.includeTables === 'all' && source.defaultMode === 'cdc') {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultMode'],
      message:
        'received "cdc" with includeTables "all": the DMS replication selects the listed tables only (its table mappings are fixed at deploy time); allowed: "snapshot-export" or "replica-query", with cdc tables listed, or includeTables "listed"',
    });
  }
  const cdcTables = source.tables.filter((table) => effectiveMode(table, source) === 'cdc');
  if (cdcTables.length > 0 && source.cdc === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdc'],
      message: `received nothing with ${cdcTables.length} table(s) in mode cdc (${cdcTables.map((table) => table.name).join(', ')}); required: cdc.credentialsSecretArn (the DMS user on the primary) and, for an RDS instance, cdc.securityGroupId`,
    });
  }
  if (source.cdc === undefined) return;
  if (cdcTables.length === 0 && !(source.includeTables === 'all' && source.defaultMode === 'cdc')) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdc'],
      message:
        'received cdc settings, but no table is in mode cdc; allowed: cdc only with at least one table in mode cdc',
    });
  }
  const aurora = source.primary.clusterIdentifier !== undefined;
  if (!aurora && cdcTables.length > 0 && source.cdc.securityGroupId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdc', 'securityGroupId'],
      message:
        "received nothing with an RDS instance primary; required: the primary's security group, which the lake opens to the DMS replication (DMS reads the primary, not the replicas)",
    });
  }
  if (aurora && source.cdc.securityGroupId !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['cdc', 'securityGroupId'],
      message: `received ${JSON.stringify(source.cdc.securityGroupId)} with an Aurora primary; allowed: nothing (the cluster's group is primary.securityGroupId)`,
    });
  }
}

/**
 * Checks of one source that need several of its keys: replica limits, the
 * watermark rule under the effective mode, the cdc rules, duplicate, clashing and excluded tables.
 * Issues are added to `ctx` with paths relative to the source.
 */
export function checkSource(source: CheckedSource, ctx: z.RefinementCtx): void {
  const kind = source.primary.clusterIdentifier !== undefined ? 'cluster' : 'instance';
  if (source.replica.count > MAX_REPLICAS[kind]) {
    ctx.addIssue({
      code: 'custom',
      path: ['replica', 'count'],
      message:
        `received ${source.replica.count}; allowed: at most ${MAX_REPLICAS[kind]} ` +
        (kind === 'cluster' ? 'Aurora readers per cluster' : 'read replicas per RDS instance'),
    });
  }
  if (source.includeTables === 'all' && source.defaultMode === 'incremental') {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultMode'],
      message:
        'received "incremental" with includeTables "all": tables not listed have no watermarkColumn; allowed: "snapshot-export" or "replica-query", with incremental tables listed each with its watermarkColumn',
    });
  }
  if (source.includeTables === 'listed' && source.tables.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['includeTables'],
      message: 'received "listed" with no tables; allowed: list at least one table in tables, or use "all"',
    });
  }
  checkCdc(source, ctx);
  const seen = new Map<string, number>();
  source.tables.forEach((table, index) => {
    const mode = effectiveMode(table, source);
    if (mode === 'incremental' && table.watermarkColumn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tables', index, 'watermarkColumn'],
        message: 'received nothing; required when mode is incremental (the column that orders new rows)',
      });
    }
    if (mode !== 'incremental' && table.watermarkColumn !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tables', index, 'watermarkColumn'],
        message: `received ${JSON.stringify(table.watermarkColumn)} with mode ${mode}; allowed only with mode incremental`,
      });
    }
    if (source.engine === 'mysql' && table.schema !== undefined && table.schema !== source.database) {
      ctx.addIssue({
        code: 'custom',
        path: ['tables', index, 'schema'],
        message: `received ${JSON.stringify(table.schema)}; a mysql table lives in the source database, allowed: ${JSON.stringify(source.database)} or nothing`,
      });
    }
    const key = `${effectiveSchema(table, source)}.${table.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
    } else {
      ctx.addIssue({
        code: 'custom',
        path: ['tables', index, 'name'],
        message: `received ${JSON.stringify(table.name)}, which tables[${first}] already configures (${key}); allowed: each table once per source`,
      });
    }
  });
  checkLakeNames(source, ctx);
  source.excludeTables.forEach((reference, index) => {
    const excluded = source.tables.find((table) =>
      reference.includes('.')
        ? `${effectiveSchema(table, source)}.${table.name}` === reference
        : table.name === reference,
    );
    if (excluded !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['excludeTables', index],
        message: `received ${JSON.stringify(reference)}, which is also configured in tables; allowed: a table in tables or in excludeTables, not both`,
      });
    }
  });
}
