import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { DataLakeError } from '../../core/errors';

const stateSchema = z
  .object({
    /** MariaDB: the binlog file and position read through; PostgreSQL: the slot's confirmed LSN. */
    position: z.union([
      z.object({ file: z.string().min(1), offset: z.number().int().min(4) }).strict(),
      z.object({ lsn: z.string().regex(/^[0-9A-F]+\/[0-9A-F]+$/i) }).strict(),
    ]),
    /** `schema.table` of every table the full load wrote. */
    tables: z.array(z.string()),
    /** The newest CDC file's time (epoch ms): the next file is named after it. */
    lastFileMillis: z.number().int().min(0),
  })
  .strict();

/** Where a source's capture stands. */
export type CaptureState = z.infer<typeof stateSchema>;

/**
 * The file keeping a source's capture position inside the local lake directory: not in a bucket,
 * as it belongs to the capture (DMS keeps its own), not to the lake.
 *
 * @example
 * ```ts
 * captureStateFile('.local/lake', 'shop'); // '.local/lake/cdc-capture/shop.json'
 * ```
 */
export function captureStateFile(lakeDir: string, source: string): string {
  return join(lakeDir, 'cdc-capture', `${source}.json`);
}

/** The capture's state, or `undefined` before its first (full-load) capture. */
export async function readCaptureState(file: string): Promise<CaptureState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new DataLakeError(
      `Invalid change capture state ${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}; remove it to start again with a full load`,
    );
  }
  return parsed.data;
}

/** Stores the state whole or not at all (written beside, then renamed). */
export async function writeCaptureState(file: string, state: CaptureState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
