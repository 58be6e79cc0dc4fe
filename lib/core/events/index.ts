export {
  ARCHIVE_ENVELOPE_COLUMNS,
  ARCHIVE_PARTITION_KEYS,
  type ArchiveColumn,
  type ArchiveStream,
  archiveColumns,
  glueType,
  RESERVED_ARCHIVE_COLUMNS,
} from './archiveColumns';
export { type ArchiveRecord, type ArchiveRow, archiveRow } from './archiveRow';
export { archiveTableName } from './archiveTableName';
export {
  type ArchiveTransformFailure,
  type ArchiveTransformInput,
  type ArchiveTransformOutput,
  archiveTransform,
} from './archiveTransform';
export { type ArchiveValue, type ArchiveValueResult, archiveValue } from './archiveValue';
export { type EventEnvelope, eventEnvelopeSchema } from './eventEnvelope';
export { isPlainObject } from './isPlainObject';
export { partitionKeyOf } from './partitionKeyOf';
