/**
 * The Glue table that archives a stream: the stream name with `-` → `_`, so Athena SQL can
 * name it unquoted.
 *
 * @example
 * ```ts
 * archiveTableName('app-events'); // 'app_events'
 * ```
 */
export function archiveTableName(streamName: string): string {
  return streamName.toLowerCase().replaceAll('-', '_');
}
