export { type CommittedAsOf, committedAsOf } from './committedAsOf';
export { sourcePipelines } from './sourcePipelines';
export { type TableFreshness, tableFreshness } from './tableFreshness';
