import type { App } from 'aws-cdk-lib';
import { addComplianceChecks } from '../../lib/infra/compliance/addComplianceChecks';
import {
  readValidationFindings,
  type ValidationFinding,
} from '../../lib/infra/compliance/readValidationFindings';

/**
 * Synthesizes `app` with the cdk-nag AwsSolutions checks and returns every
 * unacknowledged finding, errors and warnings alike (an error makes synth throw;
 * the findings are read from the report it leaves either way).
 */
export function nagFindings(app: App): ValidationFinding[] {
  addComplianceChecks(app);
  try {
    app.synth();
  } catch (error) {
    const findings = readValidationFindings(app.outdir);
    if (findings.length === 0) throw error;
    return findings;
  }
  return readValidationFindings(app.outdir);
}

/** `rule at path` strings, for readable `toEqual([])` failures. */
export function describeFindings(findings: readonly ValidationFinding[]): string[] {
  return findings.flatMap((f) => f.constructPaths.map((path) => `${f.rule} at ${path}`));
}
