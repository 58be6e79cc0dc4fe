import { splitTopLevel } from '../types/splitTopLevel';
import { normalizeAthenaType } from './normalizeAthenaType';

/** Integer types from narrowest to widest, with the decimal digits each needs. */
const INTEGER_DIGITS: Readonly<Record<string, number>> = { tinyint: 3, smallint: 5, int: 10, bigint: 19 };

interface Decimal {
  readonly precision: number;
  readonly scale: number;
}

function decimal(type: string): Decimal | undefined {
  const match = /^decimal\((\d+)(?:,(\d+))?\)$/.exec(type);
  return match ? { precision: Number(match[1]), scale: Number(match[2] ?? 0) } : undefined;
}

function characterLength(type: string): { kind: 'char' | 'varchar'; length: number } | undefined {
  const match = /^(char|varchar)\((\d+)\)$/.exec(type);
  return match ? { kind: match[1] as 'char' | 'varchar', length: Number(match[2]) } : undefined;
}

function inner(type: string, name: string): string | undefined {
  return type.startsWith(`${name}<`) && type.endsWith('>') ? type.slice(name.length + 1, -1) : undefined;
}

function sameOrWider(from: string, to: string): boolean {
  return from === to || widens(from, to);
}

function structFields(body: string): { name: string; type: string }[] {
  return splitTopLevel(body).map((field) => {
    const colon = field.indexOf(':');
    return { name: field.slice(0, colon), type: field.slice(colon + 1) };
  });
}

function widensNumber(from: string, to: string): boolean {
  const fromDigits = INTEGER_DIGITS[from];
  const toDigits = INTEGER_DIGITS[to];
  if (fromDigits !== undefined && toDigits !== undefined) return toDigits > fromDigits;
  const toDecimal = decimal(to);
  if (fromDigits !== undefined && toDecimal) return toDecimal.precision - toDecimal.scale >= fromDigits;
  const fromDecimal = decimal(from);
  if (fromDecimal && toDecimal) {
    return (
      toDecimal.scale >= fromDecimal.scale &&
      toDecimal.precision - toDecimal.scale >= fromDecimal.precision - fromDecimal.scale
    );
  }
  return from === 'float' && to === 'double';
}

function widensCharacters(from: string, to: string): boolean {
  const fromChars = characterLength(from);
  if (!fromChars) return false;
  if (to === 'string') return true;
  const toChars = characterLength(to);
  return toChars?.kind === 'varchar' && toChars.length >= fromChars.length;
}

function widensNested(from: string, to: string): boolean {
  const fromArray = inner(from, 'array');
  const toArray = inner(to, 'array');
  if (fromArray !== undefined && toArray !== undefined) return sameOrWider(fromArray, toArray);
  const fromMap = inner(from, 'map');
  const toMap = inner(to, 'map');
  if (fromMap !== undefined && toMap !== undefined) {
    const [fromKey = '', fromValue = ''] = splitTopLevel(fromMap);
    const [toKey = '', toValue = ''] = splitTopLevel(toMap);
    return fromKey === toKey && sameOrWider(fromValue, toValue);
  }
  const fromStruct = inner(from, 'struct');
  const toStruct = inner(to, 'struct');
  if (fromStruct !== undefined && toStruct !== undefined) {
    const oldFields = structFields(fromStruct);
    const newFields = structFields(toStruct);
    // Old fields keep their names and positions; new fields may only be appended.
    return (
      newFields.length >= oldFields.length &&
      oldFields.every((field, index) => {
        const next = newFields[index];
        return next !== undefined && next.name === field.name && sameOrWider(field.type, next.type);
      })
    );
  }
  return false;
}

/**
 * Whether a column of Athena type `from` may become `to` without breaking readers: every
 * value of `from` is exactly a value of `to`. The types differ (same type is not a widening).
 *
 * Widenings: tinyint → smallint → int → bigint; an integer → decimal(p,s) with p - s ≥ its
 * digits; float → double; decimal(p,s) → decimal(p2,s2) with s2 ≥ s and p2 - s2 ≥ p - s;
 * char(n)/varchar(n) → string or varchar(m ≥ n); array, map values and struct fields widened
 * the same way, structs may gain fields at the end.
 *
 * @example
 * ```ts
 * isWidening('int', 'bigint'); // true
 * isWidening('decimal(10,2)', 'decimal(12,4)'); // true
 * isWidening('decimal(10,2)', 'decimal(10,4)'); // false: two integer digits lost
 * isWidening('bigint', 'int'); // false
 * ```
 */
export function isWidening(from: string, to: string): boolean {
  return widens(normalizeAthenaType(from), normalizeAthenaType(to));
}

function widens(from: string, to: string): boolean {
  if (from === to) return false;
  return widensNumber(from, to) || widensCharacters(from, to) || widensNested(from, to);
}
