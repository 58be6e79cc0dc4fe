/**
 * Least privilege per source, read off the synthesized templates: every policy statement of
 * every stack of every shipped config (and of a lake whose two sources each run both pipelines)
 * is walked. A source stack's roles may name only that source's objects (raw exports and replica
 * runs, curated tables, manifests and watermarks) and its own Glue database; never a whole bucket.
 * A role that writes nothing with a zone's key may only decrypt with it. `Resource: "*"` needs a
 * written reason (RESOURCE_WILDCARD_REASONS), and `iam:PassRole` names the service it passes to.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { type DataLakeConfig, loadConfig, parseConfig } from '../../../lib/config';
import {
  cdcPrefix,
  exportPrefix,
  replicaRunsPrefix,
  sourceDatabaseName,
  stackName,
  watermarksPrefix,
} from '../../../lib/core/naming';
import { sourceManifestPrefix, sourcePrefix } from '../../../lib/core/pipeline/curatedLayout';
import { createDataLake, type DataLakeStacks } from '../../../lib/infra/app/createDataLake';
import { actionMatches } from '../../../lib/infra/deployRules/policyStatements';
import { TEST_ENV, testApp } from '../../helpers/testApp';
import { type WalkedStatement, walkStatements } from './policyWalk';
import { KEY_POLICY_REASON, RESOURCE_WILDCARD_REASONS } from './RESOURCE_WILDCARD_REASONS';

const CONFIG_DIR = join(__dirname, '../../../config');

/** The marketplace lake with both sources running both pipelines, so every role exists twice. */
function twoFullSources(): DataLakeConfig {
  const marketplace = loadConfig(join(CONFIG_DIR, 'marketplace.yaml'));
  return parseConfig({
    ...marketplace,
    name: 'twolake',
    sources: marketplace.sources.map((source) =>
      source.name === 'payments'
        ? {
            ...source,
            defaultMode: 'snapshot-export',
            tables: source.tables.map((table, index) =>
              index === 0 ? { ...table, mode: 'replica-query' } : table,
            ),
          }
        : source,
    ),
  });
}

function configs(): [string, DataLakeConfig][] {
  const files = [
    ...readdirSync(CONFIG_DIR).filter((file) => file.endsWith('.yaml')),
    ...readdirSync(join(CONFIG_DIR, 'examples')).map((file) => join('examples', file)),
  ];
  return [
    ...files.map((file): [string, DataLakeConfig] => [file, loadConfig(join(CONFIG_DIR, file))]),
    ['two sources, both pipelines each', twoFullSources()],
  ];
}

const CONFIGS = configs();

interface Synthesized {
  readonly config: DataLakeConfig;
  readonly lake: DataLakeStacks;
  readonly statements: WalkedStatement[];
}

function synthesize(config: DataLakeConfig, change?: (lake: DataLakeStacks) => void): Synthesized {
  const app = testApp();
  const lake = createDataLake(app, config, TEST_ENV);
  change?.(lake);
  return { config, lake, statements: walkStatements(lake, app.synth()) };
}

/** Where one source's roles may reach: object key prefixes per bucket zone, and its Glue database. */
function sourceReach(config: DataLakeConfig, source: string) {
  return {
    objects: {
      raw: [exportPrefix(source), replicaRunsPrefix(source), cdcPrefix(source)],
      curated: [sourcePrefix(source), sourceManifestPrefix(source), watermarksPrefix(source)],
    } as Readonly<Record<string, readonly string[]>>,
    database: sourceDatabaseName(config.name, source),
  };
}

function label(statement: WalkedStatement): string {
  return `${statement.stack}/${statement.resource} ${statement.actions.join(',')}`;
}

/** What a source stack's Allow statements name outside the source: S3 objects, s3:prefix values, Glue. */
function confinementViolations({ config, statements }: Synthesized): string[] {
  return config.sources.flatMap((source) => {
    const stack = stackName(config.name, { kind: 'source', source: source.name });
    const reach = sourceReach(config, source.name);
    return statements
      .filter((statement) => statement.stack === stack && statement.effect === 'Allow')
      .flatMap((statement) => [
        ...statement.resources.flatMap((resource) => {
          const object = /^arn:aws:s3:::\{([a-z-]+)\}\/(.*)$/.exec(resource);
          if (object !== null) {
            const [, zone = '', key = ''] = object;
            const allowed = reach.objects[zone] ?? [];
            return allowed.some((prefix) => key.startsWith(prefix))
              ? []
              : [
                  `${label(statement)} on ${resource}: outside ${source.name}'s prefixes of the ${zone} bucket`,
                ];
          }
          const glue = /:glue:[^:]*:[^:]*:(database|table)\/([^/]+)/.exec(resource);
          if (glue !== null && glue[2] !== reach.database) {
            return [`${label(statement)} on ${resource}: not ${source.name}'s database ${reach.database}`];
          }
          return [];
        }),
        ...statement.s3Prefixes
          .filter(
            (prefix) =>
              !Object.values(reach.objects)
                .flat()
                .some((own) => prefix.startsWith(own)),
          )
          .map((prefix) => `${label(statement)} with s3:prefix ${prefix}: outside ${source.name}'s prefixes`),
      ]);
  });
}

const ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptTo'];

/** Roles of source stacks allowed to encrypt with a zone's key while putting no object into that zone's bucket. */
function encryptWithoutWriteViolations({ config, lake, statements }: Synthesized): string[] {
  // The operations key also encrypts the lake's alert topic: its publishers encrypt with it
  // ("Managing Amazon SNS encryption keys and costs", https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
  const topic = lake.foundation.alerts.topic.node.defaultChild as CfnElement;
  const alertTopic = new RegExp(
    `^\\{${lake.foundation.stackName}/${lake.foundation.getLogicalId(topic)}\\}$`,
  );
  const sourceStacks = new Set(
    config.sources.map((source) => stackName(config.name, { kind: 'source', source: source.name })),
  );
  const allows = statements.filter(
    (statement) =>
      sourceStacks.has(statement.stack) && statement.effect === 'Allow' && statement.roles.length > 0,
  );
  const roles = new Set(allows.flatMap((statement) => statement.roles));
  return [...roles].flatMap((role) => {
    const own = allows.filter((statement) => statement.roles.includes(role));
    const grants = (action: string, pattern: RegExp) =>
      own.some(
        (statement) =>
          statement.actions.some((granted) => actionMatches(granted, action)) &&
          statement.resources.some((resource) => pattern.test(resource)),
      );
    const zones = new Set(
      own.flatMap((statement) =>
        statement.resources.flatMap((resource) => /^arn:aws:kms:\{([a-z-]+)\}$/.exec(resource)?.[1] ?? []),
      ),
    );
    return [...zones]
      .filter((zone) =>
        ENCRYPT_ACTIONS.some((action) => grants(action, new RegExp(`^arn:aws:kms:\\{${zone}\\}$`))),
      )
      .filter((zone) => !grants('s3:PutObject', new RegExp(`^arn:aws:s3:::\\{${zone}\\}/`)))
      .filter((zone) => !(zone === 'query-results' && grants('sns:Publish', alertTopic)))
      .map((zone) => `${role} may encrypt with the ${zone} key but puts no object into the ${zone} bucket`);
  });
}

/** Why `action` may be on `Resource: "*"` in `statement`; undefined when nothing says so. */
function wildcardReason(statement: WalkedStatement, action: string): string | undefined {
  return statement.resourceType === 'AWS::KMS::Key' ? KEY_POLICY_REASON : RESOURCE_WILDCARD_REASONS[action];
}

/**
 * What the commit roles may put or encrypt: nothing. The commit reads manifests and Parquet
 * footers, registers the run in Glue and deletes old runs and consumed exports.
 */
function commitWrites({ lake, statements }: Synthesized): string[] {
  const commits = lake.sources.flatMap((stack) =>
    [stack.snapshotPipeline?.commitFunction, stack.replicaPipeline?.commitFunction].flatMap((fn) => {
      const role = fn?.role?.node.defaultChild as CfnElement | undefined;
      return role === undefined ? [] : [`{${stack.stackName}/${stack.getLogicalId(role)}}`];
    }),
  );
  return statements
    .filter(
      (statement) => statement.effect === 'Allow' && statement.roles.some((role) => commits.includes(role)),
    )
    .filter((statement) =>
      statement.actions.some((granted) =>
        ['s3:PutObject', ...ENCRYPT_ACTIONS].some((action) => actionMatches(granted, action)),
      ),
    )
    .map((statement) => `${label(statement)} on ${statement.resources.join(', ')}`);
}

/** Allow statements on `Resource: "*"` with an action that has no written reason. */
function unreasonedWildcards({ statements }: Synthesized): string[] {
  return statements
    .filter((statement) => statement.effect === 'Allow' && statement.resources.includes('*'))
    .flatMap((statement) =>
      statement.actions
        .filter((action) => wildcardReason(statement, action) === undefined)
        .map((action) => `${statement.stack}/${statement.resource}: ${action} on "*"`),
    );
}

/** Allow statements of iam:PassRole without `StringEquals: { iam:PassedToService }`. */
function unboundPassRoles({ statements }: Synthesized): string[] {
  return statements
    .filter(
      (statement) =>
        statement.effect === 'Allow' &&
        statement.actions.some((action) => actionMatches(action, 'iam:PassRole')),
    )
    .filter((statement) => statement.condition?.StringEquals?.['iam:PassedToService'] === undefined)
    .map((statement) => `${label(statement)} on ${statement.resources.join(', ')}: no iam:PassedToService`);
}

describe('each source pipeline reaches only its own source', () => {
  it('covers a shipped config with two sources and a lake whose two sources run both pipelines', () => {
    // Assert
    expect(CONFIGS.filter(([, config]) => config.sources.length >= 2).map(([name]) => name)).toEqual([
      'marketplace.yaml',
      'two sources, both pipelines each',
    ]);
  });

  describe.each(CONFIGS)('%s', (_name, config) => {
    let lake: Synthesized;
    beforeAll(() => {
      lake = synthesize(config);
    });

    it("names no S3 object, s3:prefix or Glue database outside the source's own", () => {
      expect(confinementViolations(lake)).toEqual([]);
    });

    it('lets a role encrypt with a zone key only where it puts objects (readers decrypt only)', () => {
      expect(encryptWithoutWriteViolations(lake)).toEqual([]);
    });

    it('lets the commit roles put and encrypt nothing: they read, register and delete', () => {
      expect(commitWrites(lake)).toEqual([]);
    });

    it('grants Resource "*" only for actions with a written reason (no resource-level permission)', () => {
      expect(unreasonedWildcards(lake)).toEqual([]);
    });

    // IAM User Guide, "Grant a user permissions to pass a role to an AWS service" and "IAM: Pass an
    // IAM role to a specific AWS service": iam:PassedToService names the service the role goes to.
    it('binds every iam:PassRole to the service it passes the role to (iam:PassedToService)', () => {
      expect(unboundPassRoles(lake)).toEqual([]);
    });
  });

  it('catches a grant on a whole bucket and on another source', () => {
    // Arrange: the service commit may read every curated object, and payments' exports
    const config = twoFullSources();
    const broken = synthesize(config, ({ foundation, sources }) => {
      const commit = sources[0]?.snapshotPipeline?.commitFunction;
      if (commit === undefined) throw new Error('no commit function');
      foundation.storage.curatedBucket.grantRead(commit);
      foundation.storage.rawBucket.grantRead(commit, `${exportPrefix('payments')}*`);
    });

    // Act
    const violations = confinementViolations(broken);

    // Assert
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Commit.* on arn:aws:s3:::\{curated\}\/\*: outside service's prefixes/),
        expect.stringMatching(
          /Commit.* on arn:aws:s3:::\{raw\}\/exports\/payments\/\*: outside service's prefixes/,
        ),
      ]),
    );
  });
});
