import type { ColumnRule } from '../../../config';
import type { PlannedMask } from '../TablePlan';

/**
 * The mask a kept column's rule asks for, or `undefined` when it is not masked.
 *
 * @example
 * ```ts
 * plannedMask({ drop: false, mask: 'truncate', length: 1 }); // { kind: 'truncate', length: 1 }
 * ```
 */
export function plannedMask(rule: ColumnRule | undefined): PlannedMask | undefined {
  if (rule === undefined || rule.drop || rule.mask === undefined) return undefined;
  switch (rule.mask) {
    case 'hash':
      return { kind: 'hash' };
    case 'redact':
      return rule.token === undefined ? { kind: 'redact' } : { kind: 'redact', token: rule.token };
    case 'truncate':
      // The config schema requires length with truncate; 1 only satisfies the type checker.
      return { kind: 'truncate', length: rule.length ?? 1 };
  }
}
