import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { loadConfig } from '../../../lib/config';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { formatFindings, readValidationFindings } from '../../../lib/infra/compliance/readValidationFindings';
import { CONFIG_DIR, EXAMPLE_CONFIGS } from '../../helpers/exampleConfigs';
import { TEST_ENV } from '../../helpers/testApp';

/**
 * CDK's built-in CloudFormation validation (AppProps.builtinCloudFormationValidation, on by
 * default: "Whether to enable built-in CloudFormation template validation") runs here on every
 * shipped config, because `npm run synth` turns it off to stay fast (see bin/datalake.ts);
 * `cdk deploy` keeps it on.
 */
describe('CDK’s built-in CloudFormation validation on every shipped config', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cfn-validation-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  it.each(EXAMPLE_CONFIGS)('%s has no finding', (file) => {
    // Arrange
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    createDataLake(app, loadConfig(join(CONFIG_DIR, file)), TEST_ENV);

    // Act
    app.synth();

    // Assert
    expect(formatFindings(readValidationFindings(outdir))).toBe('');
  });
});
