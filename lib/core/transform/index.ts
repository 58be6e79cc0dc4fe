export { buildTransformSql, type TransformInput, type TransformSql } from './buildTransformSql';
export { curatedColumnSql, type TransformInputPath } from './curatedColumnSql';
export { MASK_SALT_VARIABLE } from './MASK_SALT_VARIABLE';
export { maskSql } from './maskSql';
export { partitionKeyAccepts, partitionKeySql } from './partitionKeySql';
export { quoteIdentifier } from './quoteIdentifier';
export { quoteLiteral } from './quoteLiteral';
export { sameDuckdbType } from './sameDuckdbType';
export type { TypedSql } from './TypedSql';
