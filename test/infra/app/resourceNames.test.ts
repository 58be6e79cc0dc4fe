import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type DataLakeConfig, loadConfig, parseConfig } from '../../../lib/config';
import {
  archiveErrorPrefix,
  archivePrefix,
  auroraEndpointPrefix,
  customEndpointName,
  eventsDatabaseName,
  exportPrefix,
  kafkaClusterName,
  kinesisStreamName,
  relayServiceName,
  replicaRunsPrefix,
  sourceDatabaseName,
  stateMachineName,
  watermarksPrefix,
  workgroupName,
} from '../../../lib/core/naming';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { TEST_ENV, testApp } from '../../helpers/testApp';

const REPO = join(__dirname, '../../..');
const CONFIG_DIR = join(REPO, 'config');

/** The shipped configs, plus the marketplace with `_` in its source names and `-` in its lake name. */
function configs(): [string, DataLakeConfig][] {
  const files = [
    ...readdirSync(CONFIG_DIR).filter((file) => file.endsWith('.yaml')),
    ...readdirSync(join(CONFIG_DIR, 'examples')).map((file) => join('examples', file)),
  ];
  const shipped = files.map((file): [string, DataLakeConfig] => [file, loadConfig(join(CONFIG_DIR, file))]);
  const marketplace = loadConfig(join(CONFIG_DIR, 'marketplace.yaml'));
  const underscored = parseConfig({
    ...marketplace,
    name: 'my-lake',
    sources: marketplace.sources.map((source, index) => ({ ...source, name: `src_db_${index}` })),
  });
  return [...shipped, ['marketplace with src_db_<n> sources', underscored]];
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

function resources(stack: Stack): Resources {
  return Template.fromStack(stack).toJSON().Resources as Resources;
}

/** One property of every resource of a type. */
function propertyOf(stack: Stack, type: string, ...path: string[]): unknown[] {
  return Object.values(resources(stack))
    .filter((resource) => resource.Type === type)
    .map((resource) =>
      path.reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], resource.Properties),
    );
}

/** Every string of a template, resolved or inside an intrinsic. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe.each(configs())('%s: every deployed name is the one lib/core/naming gives', (_file, config) => {
  const app = testApp();
  const lake = createDataLake(app, config, TEST_ENV);

  it('names the state machines stateMachineName(<lake>, <source>, <pipeline>)', () => {
    for (const [index, stack] of lake.sources.entries()) {
      // Arrange
      const source = config.sources[index]?.name ?? '';
      const expected = [
        ...(stack.snapshotPipeline ? [stateMachineName(config.name, source, 'snapshot')] : []),
        ...(stack.replicaPipeline ? [stateMachineName(config.name, source, 'replica')] : []),
        ...(stack.cdcApplyPipeline ? [stateMachineName(config.name, source, 'cdc')] : []),
      ];

      // Act
      const names = propertyOf(stack, 'AWS::StepFunctions::StateMachine', 'StateMachineName');

      // Assert
      expect(names.sort()).toEqual(expected.sort());
    }
  });

  it('names the Glue databases, the Athena workgroup, the streams, the MSK cluster and the relays', () => {
    // Arrange
    const { foundation, sources, events } = lake;

    // Act / Assert
    expect(propertyOf(foundation, 'AWS::Athena::WorkGroup', 'Name')).toEqual([
      workgroupName(config.name, config.query.workgroupName),
    ]);
    expect(propertyOf(foundation, 'AWS::Glue::Database', 'DatabaseInput', 'Name')).toEqual([
      eventsDatabaseName(config.name),
    ]);
    sources.forEach((stack, index) => {
      expect(propertyOf(stack, 'AWS::Glue::Database', 'DatabaseInput', 'Name')).toEqual([
        sourceDatabaseName(config.name, config.sources[index]?.name ?? ''),
      ]);
    });
    if (events === undefined) return;
    expect(propertyOf(events, 'AWS::MSK::ServerlessCluster', 'ClusterName')).toEqual([
      kafkaClusterName(config.name),
    ]);
    expect(propertyOf(events, 'AWS::Kinesis::Stream', 'Name').sort()).toEqual(
      config.streams.map((stream) => kinesisStreamName(config.name, stream.name)).sort(),
    );
    const serviceNames = propertyOf(events, 'AWS::Lambda::Function', 'Environment', 'Variables')
      .map((variables) => (variables as Record<string, string> | undefined)?.POWERTOOLS_SERVICE_NAME)
      .filter((name) => name?.endsWith('-relay'));
    expect(serviceNames.sort()).toEqual(
      config.streams.map((stream) => relayServiceName(config.name, stream.name)).sort(),
    );
  });

  it('names an Aurora source’s custom endpoints customEndpointName(auroraEndpointPrefix(<lake>, <source>), …)', () => {
    lake.sources.forEach((stack, index) => {
      // Arrange
      const source = config.sources[index];
      const prefix = auroraEndpointPrefix(config.name, source?.name ?? '');
      const expected = source?.primary.clusterIdentifier
        ? [customEndpointName(prefix, 'analytics'), customEndpointName(prefix, 'product')]
        : [];

      // Act
      const names = propertyOf(stack, 'AWS::RDS::DBClusterEndpoint', 'DBClusterEndpointIdentifier');

      // Assert
      expect(names.sort()).toEqual(expected.sort());
    });
  });

  it('puts a source’s exports, replica runs and watermarks only under its own prefixes', () => {
    lake.sources.forEach((stack, index) => {
      // Arrange
      const source = config.sources[index]?.name ?? '';
      const roots = [
        ['exports/', exportPrefix(source)],
        ['replica-runs/', replicaRunsPrefix(source)],
        ['_watermarks/', watermarksPrefix(source)],
      ];

      // Act
      const text = strings(Template.fromStack(stack).toJSON());

      // Assert: every mention of a root names this source's prefix (StartExportTask's S3Prefix
      // drops the trailing `/`, as exportRootPrefix does)
      for (const [root, prefix] of roots) {
        const mentions = text.flatMap(
          (value) => value.match(new RegExp(`(?<=^|/|")${root}[^*"/]*`, 'g')) ?? [],
        );
        expect(mentions.filter((mention) => `${mention}/` !== prefix)).toEqual([]);
      }
      // …and the check saw something: every source has an export role on its prefix
      expect(text.some((value) => value.includes(exportPrefix(source)))).toBe(true);
    });
  });

  it('archives each stream under archivePrefix and archiveErrorPrefix', () => {
    if (lake.events === undefined) return;
    // Act
    const prefixes = propertyOf(
      lake.events,
      'AWS::KinesisFirehose::DeliveryStream',
      'ExtendedS3DestinationConfiguration',
      'Prefix',
    );
    const errorPrefixes = propertyOf(
      lake.events,
      'AWS::KinesisFirehose::DeliveryStream',
      'ExtendedS3DestinationConfiguration',
      'ErrorOutputPrefix',
    );

    // Assert
    const roots = (values: unknown[]) =>
      values.map((value) => String(value).split('dt=')[0]?.split('!{')[0]).sort();
    expect(roots(prefixes)).toEqual(config.streams.map((stream) => archivePrefix(stream.name)).sort());
    expect(roots(errorPrefixes)).toEqual(
      config.streams.map((stream) => archiveErrorPrefix(stream.name)).sort(),
    );
  });
});

/** Code lines (not comments) of every TypeScript file under `dir`. */
function codeLines(dir: string): { where: string; line: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .map((line, index) => ({ where: `${relative(REPO, join(dir, file))}:${index + 1}`, line }))
        .filter(({ line }) => !/^\s*(\*|\/\/|\/\*)/.test(line)),
    );
}

describe('names are built in lib/core only', () => {
  it('no construct, task, handler, CLI command or local module assembles a lake name or an S3 prefix root itself', () => {
    // Arrange: the shapes of the names lib/core/naming builds
    const assembled = [
      /\$\{[^}]*\}-(snapshot|replica|events|relay|analytics|product)`/, // <…>-<pipeline>, <lake>-events, …
      /\$\{(config|props\.config|this\.config)\.name\}-/, // <lake>-<…>
      /['"`](exports|replica-runs|_watermarks|_manifests|errors)\/[^'"`]/, // prefix roots
      /\.replaceAll\('_', '-'\)/, // a source name made a resource name
    ];
    const lines = ['lib/infra', 'lib/cli', 'lib/local', 'lib/tasks', 'lambdas', 'bin'].flatMap((dir) =>
      codeLines(join(REPO, dir)),
    );

    // Act
    const offenders = lines.filter(({ line }) => assembled.some((pattern) => pattern.test(line)));

    // Assert
    expect(offenders.map(({ where, line }) => `${where}: ${line.trim()}`)).toEqual([]);
  });
});
