#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy --all`, optionally with
 * `-c config=path/to/lake.yaml -c account=… -c region=…`.
 *
 * `DATALAKE_CFN_VALIDATION=off` (set by `npm run synth`) skips CDK's built-in CloudFormation
 * validation, half of a synth's time; `npm test` runs it on every shipped config
 * (test/infra/compliance/cloudFormationValidation.test.ts) and `cdk deploy` keeps it on.
 */
import { App } from 'aws-cdk-lib';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config';
import { ConfigError } from '../lib/core/errors';
import { createDataLake } from '../lib/infra/app/createDataLake';
import { resolveEnvironment } from '../lib/infra/app/resolveEnvironment';
import { addComplianceChecks } from '../lib/infra/compliance/addComplianceChecks';
import { formatFindings, readValidationFindings } from '../lib/infra/compliance/readValidationFindings';
import { checkDeployRules, formatViolations, synthesizedStacks } from '../lib/infra/deployRules';

const app = new App({ builtinCloudFormationValidation: process.env.DATALAKE_CFN_VALIDATION !== 'off' });
const configPath: string = app.node.tryGetContext('config') ?? DEFAULT_CONFIG_PATH;

try {
  const config = loadConfig(configPath);
  const env = resolveEnvironment({
    context: { account: app.node.tryGetContext('account'), region: app.node.tryGetContext('region') },
    config: config.aws,
    env: process.env,
  });
  if (env.placeholder) {
    console.warn(
      `No account or region given: synthesizing for ${env.account}/${env.region} (placeholder, not deployable).`,
    );
  }
  createDataLake(app, config, env);
  addComplianceChecks(app);
  // What CloudFormation and the services would refuse at deploy or first run, caught here instead.
  const violations = checkDeployRules(synthesizedStacks(app.synth()));
  if (violations.length > 0) {
    console.error(`AWS deploy rules: ${violations.length} violation(s):\n${formatViolations(violations)}`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  const findings = readValidationFindings(app.outdir);
  if (findings.length === 0) throw error;
}

// Errors stop the synth above; warnings do not, so any finding left fails it here.
const findings = readValidationFindings(app.outdir);
if (findings.length > 0) {
  console.error(`cdk-nag: ${findings.length} unacknowledged finding(s):\n${formatFindings(findings)}`);
  process.exit(1);
}
