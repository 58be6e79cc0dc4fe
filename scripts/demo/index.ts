export { EXACT_COLUMNS, type ExactColumn, type ExactKind, type ExactTable } from './exactColumns';
export { type CheckResult, type VerifyCuratedRunOptions, verifyCuratedRun } from './verifyCuratedRun';
