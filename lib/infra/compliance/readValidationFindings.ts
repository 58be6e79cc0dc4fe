import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One unacknowledged policy-validation finding (a cdk-nag rule) and where it is. */
export interface ValidationFinding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly constructPaths: readonly string[];
  readonly description: string;
}

interface ValidationReport {
  readonly pluginReports?: ReadonlyArray<{
    readonly pluginName: string;
    readonly violations?: ReadonlyArray<{
      readonly ruleName: string;
      readonly severity?: string;
      readonly description: string;
      readonly violatingConstructs?: ReadonlyArray<{ readonly constructPath: string }>;
    }>;
  }>;
}

/** The file aws-cdk-lib writes policy-validation results to, in the cloud assembly. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

/**
 * Every finding, of any severity, that the policy-validation plugins reported for
 * the cloud assembly in `assemblyDir`. Acknowledged findings are not in the report.
 *
 * @returns an empty list when the synth was clean or no plugin ran.
 */
export function readValidationFindings(assemblyDir: string): ValidationFinding[] {
  const file = join(assemblyDir, VALIDATION_REPORT_FILE);
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as ValidationReport;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity ?? 'error',
      constructPaths: (violation.violatingConstructs ?? []).map((c) => c.constructPath),
      description: violation.description,
    })),
  );
}

/** One line per finding and construct, for the terminal. */
export function formatFindings(findings: readonly ValidationFinding[]): string {
  return findings
    .flatMap((f) =>
      f.constructPaths.map((path) => `${f.severity.toUpperCase()} ${f.rule} at ${path}: ${f.description}`),
    )
    .join('\n');
}
