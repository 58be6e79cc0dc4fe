import { freshnessSloSeconds } from '../core/freshness/freshnessSloSeconds';
import type { ParsedColumnRule } from './columnRule';
import type { ParsedLakeConfig } from './parsedLakeConfig';
import type { ParsedPartitionSpec } from './partitionSpec';
import { defaultPort, type ExtractMode, effectiveMode, effectiveSchema } from './sourceDefaults';

type ParsedSource = ParsedLakeConfig['sources'][number];
type ParsedTable = ParsedSource['tables'][number];
type ParsedKeepRule = Exclude<ParsedColumnRule, 'drop'>;

/** A column rule with one shape: `drop: true`, or `drop: false` with the optional transformations. */
export type NormalizedColumnRule =
  | { readonly drop: true }
  | (Omit<ParsedKeepRule, 'drop'> & { readonly drop: false });

/** A partition key with its granularity spelled out (`value` for a bare column name). */
export type NormalizedPartitionSpec = Exclude<ParsedPartitionSpec, string>;

/** A table with its schema and mode resolved against its source. */
export type NormalizedTable = Omit<ParsedTable, 'schema' | 'mode' | 'columns' | 'partitionBy'> & {
  readonly schema: string;
  readonly mode: ExtractMode;
  readonly columns: Record<string, NormalizedColumnRule>;
  readonly partitionBy: NormalizedPartitionSpec[];
  /** How old its newest queryable data may get, in seconds (see `freshnessSloSeconds`). */
  readonly freshnessSloSeconds: number;
};

/** A source with its port resolved from its engine and its tables normalized. */
export type NormalizedSource = Omit<ParsedSource, 'port' | 'tables'> & {
  readonly port: number;
  /** The freshness SLO, in seconds, of its tables that set none (those `includeTables: all` finds too). */
  readonly freshnessSloSeconds: number;
  readonly tables: NormalizedTable[];
};

/** The config with every default filled in. */
export type NormalizedLakeConfig = Omit<ParsedLakeConfig, 'sources'> & {
  readonly sources: NormalizedSource[];
};

function normalizeColumnRule(rule: ParsedColumnRule): NormalizedColumnRule {
  if (rule === 'drop' || rule.drop === true) return { drop: true };
  return { ...rule, drop: false };
}

function normalizeTable(table: ParsedTable, source: ParsedSource): NormalizedTable {
  return {
    ...table,
    schema: effectiveSchema(table, source),
    mode: effectiveMode(table, source),
    columns: Object.fromEntries(
      Object.entries(table.columns).map(([column, rule]) => [column, normalizeColumnRule(rule)]),
    ),
    partitionBy: table.partitionBy.map((spec) =>
      typeof spec === 'string' ? { column: spec, granularity: 'value' } : spec,
    ),
    freshnessSloSeconds: freshnessSloSeconds({
      tableSlo: table.freshnessSlo,
      sourceSlo: source.freshnessSlo,
      schedule: source.schedule,
    }),
  };
}

/**
 * Fills in the defaults that depend on other keys, so consumers never repeat
 * them: a source's port from its engine, a table's schema and mode from its
 * source, `"drop"` as `{ drop: true }`, a bare partition column as
 * `{ column, granularity: 'value' }`, each table's (and source's) freshness SLO in seconds.
 */
export function normalizeConfig(parsed: ParsedLakeConfig): NormalizedLakeConfig {
  return {
    ...parsed,
    sources: parsed.sources.map((source) => ({
      ...source,
      port: source.port ?? defaultPort(source.engine),
      freshnessSloSeconds: freshnessSloSeconds({ sourceSlo: source.freshnessSlo, schedule: source.schedule }),
      tables: source.tables.map((table) => normalizeTable(table, source)),
    })),
  };
}
