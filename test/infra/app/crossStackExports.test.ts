import { join } from 'node:path';
import { type DataLakeConfig, DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../../lib/config';
import { stackName } from '../../../lib/core/naming';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { type SynthesizedStack, synthesizedStacks, TemplateValues } from '../../../lib/infra/deployRules';
import { TEST_ENV, testApp } from '../../helpers/testApp';

function synth(config: DataLakeConfig): SynthesizedStack[] {
  const app = testApp();
  createDataLake(app, config, TEST_ENV);
  return synthesizedStacks(app.synth());
}

/** Every export name the stacks other than the foundation import. */
function importedNames(stacks: readonly SynthesizedStack[]): string[] {
  const text = JSON.stringify(stacks.map((stack) => stack.template));
  return [...new Set([...text.matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((match) => match[1] as string))];
}

function foundationExports(config: DataLakeConfig, stacks: readonly SynthesizedStack[]): string[] {
  return new TemplateValues(stacks).exportNames(stackName(config.name, { kind: 'foundation' }));
}

/** The example config in an imported VPC, and one in a VPC the lake creates (whose ids are exported too). */
function exampleConfigs(): [string, DataLakeConfig][] {
  const marketplace = loadConfig(DEFAULT_CONFIG_PATH);
  const rdsMysql = loadConfig(join(__dirname, '../../../config/examples/rds-mysql.yaml'));
  const events = loadConfig(join(__dirname, '../../../config/examples/events-only.yaml'));
  return [
    ['marketplace.yaml (imported VPC)', marketplace],
    ['rds-mysql.yaml with streams (new VPC)', parseConfig({ ...rdsMysql, streams: events.streams })],
  ];
}

describe.each(exampleConfigs())(
  'cross-stack references of %s (CloudFormation refuses to delete an export a stack imports)',
  (_, full) => {
    const before = synth(full);
    const imported = importedNames(before);
    const without = (name: string): DataLakeConfig => ({
      ...full,
      sources: full.sources.filter((s) => s.name !== name),
    });

    it.each([
      ...full.sources.map((source): [string, DataLakeConfig] => [
        `source ${source.name}`,
        without(source.name),
      ]),
      ['the streams', { ...full, streams: [] }],
      ['every source (events only)', { ...full, sources: [] }],
    ])(
      'keeps every export the deployed stacks import when the config drops %s',
      (_, after: DataLakeConfig) => {
        // Act
        const exported = foundationExports(after, synth(after));

        // Assert
        expect(imported.length).toBeGreaterThan(0);
        expect(imported.filter((name) => !exported.includes(name))).toEqual([]);
      },
    );
  },
);
