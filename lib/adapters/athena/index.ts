export { type AthenaQueryOptions, AthenaQueryRunner, type AthenaQueryRunnerProps } from './AthenaQueryRunner';
export { athenaValue } from './athenaValue';
export { ATHENA_USD_PER_TB, estimatedCostUsd } from './estimatedCostUsd';
export type { QueryColumn, QueryResult, QueryStatistics, QueryValue } from './QueryResult';
