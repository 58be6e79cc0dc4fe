import type { SourceEngine } from '../types';
import type { ChunkBounds, WatermarkWindow } from './ExtractChunk';
import { quoteSourceIdentifier } from './quoteSourceIdentifier';
import { type SourceValue, sourceValueSql } from './sourceValueSql';

/**
 * The WHERE conditions of a chunk: its key bounds, then the incremental window
 * `watermark > after AND watermark <= through`. MySQL text values go to `params` in order.
 *
 * @example
 * ```ts
 * chunkPredicates('postgres', { kind: 'range', column: 'id', from: '1', to: '1000' }, undefined, []);
 * // ['"id" BETWEEN 1 AND 1000']
 * ```
 */
export function chunkPredicates(
  engine: SourceEngine,
  bounds: ChunkBounds,
  watermark: WatermarkWindow | undefined,
  params: string[],
): string[] {
  const conditions: string[] = [];
  if (bounds.kind === 'range') {
    const key = quoteSourceIdentifier(engine, bounds.column);
    const from = sourceValueSql(engine, { integer: bounds.from }, params);
    const to = sourceValueSql(engine, { integer: bounds.to }, params);
    conditions.push(`${key} BETWEEN ${from} AND ${to}`);
  } else if (bounds.kind === 'keyset') {
    const key = quoteSourceIdentifier(engine, bounds.column);
    const value = (text: string): SourceValue =>
      bounds.valueKind === 'integer' ? { integer: text } : { text };
    if (bounds.after !== undefined) {
      conditions.push(`${key} > ${sourceValueSql(engine, value(bounds.after), params)}`);
    }
    if (bounds.through !== undefined) {
      conditions.push(`${key} <= ${sourceValueSql(engine, value(bounds.through), params)}`);
    }
  }
  if (watermark !== undefined) {
    const column = quoteSourceIdentifier(engine, watermark.column);
    const value = (text: string): SourceValue =>
      watermark.kind === 'integer' ? { integer: text } : { text };
    if (watermark.after !== undefined) {
      conditions.push(`${column} > ${sourceValueSql(engine, value(watermark.after), params)}`);
    }
    conditions.push(`${column} <= ${sourceValueSql(engine, value(watermark.through), params)}`);
  }
  return conditions;
}
