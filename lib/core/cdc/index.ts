export {
  type ApplyChangesInput,
  applyChangesSql,
  type BaseFile,
  type LandedChangeFile,
} from './applyChangesSql';
export { type ChangeFile, type ChangeFileKind, changeFileOf } from './changeFileOf';
export { type ChangePosition, changePositionKey, parseChangePosition } from './changePosition';
export { type ChangeBatch, changesAfter } from './changesAfter';
export { DMS_CHANGE_FORMAT, type DmsChangeFormat } from './DmsChangeFormat';
