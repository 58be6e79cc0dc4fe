export { buildTransformSql, type TransformInput, type TransformSql } from './buildTransformSql';
export { csvReadError } from './csvReadError';
export { curatedColumnSql, type InvalidValueCall, type TransformInputPath } from './curatedColumnSql';
export { curatedMapping } from './curatedMapping';
export { failedColumn } from './failedColumn';
export {
  CHECK_FAILED_MACRO,
  CHECK_FAILED_MACRO_SQL,
  FAILING_KEY_ALIAS,
  failingRowSql,
} from './failingRowSql';
export { type HmacKeyPads, hmacKeyPads } from './hmacKeyPads';
export { INVALID_VALUE_FUNCTION, type InvalidDateSql, invalidDateSql } from './invalidDateSql';
export { MASK_KEY_VARIABLES } from './MASK_KEY_VARIABLES';
export { maskSql } from './maskSql';
export { partitionKeyAccepts, partitionKeySql } from './partitionKeySql';
export { quoteIdentifier } from './quoteIdentifier';
export { quoteLiteral } from './quoteLiteral';
export { readerHashesColumn } from './readerHashesColumn';
export { type RedactionPlan, redactDuckdbError } from './redactDuckdbError';
export { sameDuckdbType } from './sameDuckdbType';
export type { TypedSql } from './TypedSql';
