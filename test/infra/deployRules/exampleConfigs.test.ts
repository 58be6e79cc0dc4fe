import { join } from 'node:path';
import { type DataLakeConfig, loadConfig, parseConfig } from '../../../lib/config';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { checkDeployRules, formatViolations, synthesizedStacks } from '../../../lib/infra/deployRules';
import { CONFIG_DIR, EXAMPLE_CONFIGS } from '../../helpers/exampleConfigs';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { TEST_ENV, testApp } from '../../helpers/testApp';

function violationsOf(config: DataLakeConfig): string {
  const app = testApp();
  createDataLake(app, config, TEST_ENV);
  return formatViolations(checkDeployRules(synthesizedStacks(app.synth())));
}

/** The example config with every name at the longest the config schema allows. */
function longestNames(): DataLakeConfig {
  const config = loadConfig(join(CONFIG_DIR, 'marketplace.yaml'));
  const source = (index: number) => `${'s'.repeat(30)}${index}`; // 31 characters, the most
  return parseConfig({
    ...config,
    name: `l${'-x'.repeat(15)}`, // 31 characters
    query: { ...config.query, workgroupName: 'w'.repeat(96) },
    sources: config.sources.map((s, index) => ({ ...s, name: source(index) })),
    streams: config.streams.map((stream) => ({ ...stream, name: `e${'v'.repeat(62)}` })), // 63 characters
  });
}

describe('example configs deploy: AWS’s deploy-time rules and cdk-nag on every stack', () => {
  it('covers the shipped configs and every shape: RDS MySQL, RDS PostgreSQL, Aurora, imported VPC, events only', () => {
    expect([...EXAMPLE_CONFIGS].sort()).toEqual([
      'examples/aurora-mysql.yaml',
      'examples/events-only.yaml',
      'examples/imported-vpc.yaml',
      'examples/rds-mysql.yaml',
      'examples/rds-postgres.yaml',
      'local-demo.yaml',
      'marketplace.yaml',
    ]);
  });

  it.each(EXAMPLE_CONFIGS)('%s breaks no deploy rule', (file) => {
    // Act
    const violations = violationsOf(loadConfig(join(CONFIG_DIR, file)));

    // Assert
    expect(violations).toBe('');
  });

  it.each(EXAMPLE_CONFIGS)('%s passes cdk-nag AwsSolutions', (file) => {
    // Arrange
    const app = testApp();
    createDataLake(app, loadConfig(join(CONFIG_DIR, file)), TEST_ENV);

    // Act
    const findings = nagFindings(app);

    // Assert
    expect(describeFindings(findings)).toEqual([]);
  });

  it('fits AWS’s name limits with every name at the longest the config allows', () => {
    // Act
    const violations = violationsOf(longestNames());

    // Assert
    expect(violations).toBe('');
  });
});
