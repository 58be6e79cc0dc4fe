/**
 * The JSON lines a Lambda handler writes to stdout while a test runs: Powertools Logger and
 * Metrics write there through their own `Console` (outside POWERTOOLS_DEV), as on Lambda, where
 * CloudWatch Logs reads the Embedded Metric Format lines among them.
 */
export interface StdoutJsonLines {
  /** Every JSON object line written to stdout so far. */
  lines(): Record<string, unknown>[];
  /** Every JSON object line written to stderr so far (Powertools Logger's warnings and errors). */
  errorLines(): Record<string, unknown>[];
  /** The lines in CloudWatch's Embedded Metric Format (those with `_aws.CloudWatchMetrics`). */
  emf(): EmfRecord[];
  restore(): void;
}

/** One EMF line: its metric directive and its dimension and metric values. */
export interface EmfRecord extends Record<string, unknown> {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit?: string }[];
    }[];
  };
}

function isEmf(line: Record<string, unknown>): line is EmfRecord {
  const directive = (line._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics;
  return Array.isArray(directive);
}

/** Captures one stream's writes; its JSON object lines, parsed. */
function capture(stream: NodeJS.WriteStream): {
  lines: () => Record<string, unknown>[];
  spy: jest.SpyInstance;
} {
  const written: string[] = [];
  const spy = jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  const lines = () =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, spy };
}

/**
 * Starts capturing stdout and stderr (nothing reaches the terminal) until `restore`.
 *
 * @example
 * ```ts
 * const stdout = captureStdoutJson();
 * await handler(event);
 * expect(stdout.emf()[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('DataLake/marketplace');
 * stdout.restore();
 * ```
 */
export function captureStdoutJson(): StdoutJsonLines {
  const out = capture(process.stdout);
  const err = capture(process.stderr);
  return {
    lines: out.lines,
    errorLines: err.lines,
    emf: () => out.lines().filter(isEmf),
    restore: () => {
      out.spy.mockRestore();
      err.spy.mockRestore();
    },
  };
}
