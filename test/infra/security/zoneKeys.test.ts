import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { type DataLakeConfig, loadConfig, parseConfig } from '../../../lib/config';
import { createDataLake, type DataLakeStacks } from '../../../lib/infra/app/createDataLake';
import { type SynthesizedStack, synthesizedStacks } from '../../../lib/infra/deployRules';
import { keyAccess, type RoleRef, type TemplateRef } from '../../../lib/infra/security/keyAccess';
import { CONFIG_DIR, EXAMPLE_CONFIGS } from '../../helpers/exampleConfigs';
import { TEST_ENV, testApp } from '../../helpers/testApp';

/** What reveals a key's data: Decrypt, and ReEncrypt from it (to a key the caller holds). */
const DECRYPTING = ['kms:Decrypt', 'kms:ReEncryptFrom'];
const ANALYST = 'arn:aws:iam::123456789012:role/analysts/DataAnalyst';

interface Lake {
  readonly config: DataLakeConfig;
  readonly lake: DataLakeStacks;
  readonly stacks: () => SynthesizedStack[];
}

/** The example config `file` as deployed, with an analyst principal so every lake has its AnalystRole. */
function build(file: string): Lake {
  const loaded = loadConfig(join(CONFIG_DIR, file));
  const config = parseConfig({ ...loaded, query: { ...loaded.query, analystPrincipals: [ANALYST] } });
  const app = testApp();
  const lake = createDataLake(app, config, TEST_ENV);
  return { config, lake, stacks: () => synthesizedStacks(app.synth()) };
}

function ref(construct: IConstruct): TemplateRef {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return { stack: Stack.of(element).stackName, logicalId: Stack.of(element).getLogicalId(element) };
}

const name = (role: TemplateRef) => `${role.stack}/${role.logicalId}`;

/** The roles that can perform any decrypting action with `key`. */
function decrypters(
  stacks: SynthesizedStack[],
  key: IConstruct,
): { effective: string[]; granted: RoleRef[] } {
  const access = DECRYPTING.map((action) => keyAccess(stacks, ref(key), action));
  const unique = (roles: RoleRef[]) => [...new Map(roles.map((role) => [name(role), role])).values()];
  return {
    effective: unique(access.flatMap((a) => [...a.effective]))
      .map(name)
      .sort(),
    granted: unique(access.flatMap((a) => [...a.grantedByIam])),
  };
}

/**
 * Every analyst-facing principal that could decrypt the raw key, by IAM grant or by key policy:
 * roles anything but an AWS service may assume (the AnalystRole, Cognito's unauthenticated
 * role, any role a config principal assumes).
 */
function analystFacingRawDecrypters({ lake, stacks }: Lake): string[] {
  const synthesized = stacks();
  const rawKey = lake.foundation.storage.rawKey;
  const access = DECRYPTING.map((action) => keyAccess(synthesized, ref(rawKey), action));
  const facing = access.flatMap((a) => [
    ...a.grantedByIam.filter((role) => role.assumableByNonService).map((role) => `IAM grant: ${name(role)}`),
    ...a.effective.filter((role) => role.assumableByNonService).map((role) => `can decrypt: ${name(role)}`),
  ]);
  return [...new Set(facing)].sort();
}

function roleNames(constructs: ReadonlyArray<IConstruct | undefined>): string[] {
  return constructs
    .filter((c): c is IConstruct => c !== undefined)
    .map((c) => name(ref(c)))
    .sort();
}

describe('zone keys: key policies and IAM policies read together', () => {
  describe.each(EXAMPLE_CONFIGS)('%s', (file) => {
    it('no analyst-facing principal can decrypt with the raw key (IAM grant or key policy)', () => {
      // Act
      const found = analystFacingRawDecrypters(build(file));

      // Assert
      expect(found).toEqual([]);
    });

    it('the raw key lets only the export role and the pipeline roles that read raw objects or the salt decrypt', () => {
      // Arrange
      const { config, lake, stacks } = build(file);
      const lakeSalt = config.masking.saltSecretArn === undefined;

      // Act
      const { effective } = decrypters(stacks(), lake.foundation.storage.rawKey);

      // Assert
      const expected = lake.sources.flatMap((source) => [
        source.exportRole.role,
        source.snapshotPipeline?.planFunction.role,
        source.snapshotPipeline?.transformFunction.role,
        source.snapshotPipeline?.stateMachine.role,
        source.replicaPipeline?.stateMachine.role,
        // The salt secret is in the raw zone: the replica extract reads it when the lake made it.
        lakeSalt ? source.replicaPipeline?.extractFunction.role : undefined,
        // DMS writes the changes with the raw key: "To upload or download an object encrypted with an AWS
        // KMS key … you need kms:GenerateDataKey and kms:Decrypt permissions on the key" (Amazon S3 User Guide).
        source.cdcReplication?.targetAccessRole,
        // The cdc apply reads the DMS files (and the salt).
        source.cdcApplyPipeline?.applyFunction.role,
      ]);
      expect(effective).toEqual(roleNames(expected));
    });

    it('every IAM grant of raw decryption is to a role the key policy lets decrypt: none would fail at run time', () => {
      // Arrange
      const { lake, stacks } = build(file);

      // Act
      const { effective, granted } = decrypters(stacks(), lake.foundation.storage.rawKey);

      // Assert
      expect(granted.map(name).sort()).toEqual(effective);
    });

    it('the curated, events and operations keys let the analyst, and only the lake roles that use them, decrypt', () => {
      // Arrange
      const { lake, stacks } = build(file);
      const synthesized = stacks();
      const { foundation, sources, events } = lake;
      const analyst = foundation.analystRole;

      // Act
      const users = {
        curated: decrypters(synthesized, foundation.storage.curatedKey).effective,
        events: decrypters(synthesized, foundation.storage.eventsKey).effective,
        operations: decrypters(synthesized, foundation.storage.operationsKey).effective,
      };

      // Assert
      const streams = events?.streams ?? [];
      expect(users).toEqual({
        curated: roleNames([
          analyst,
          ...sources.flatMap((source) => [
            source.snapshotPipeline?.transformFunction.role,
            source.snapshotPipeline?.commitFunction.role,
            source.replicaPipeline?.planFunction.role,
            source.replicaPipeline?.extractFunction.role,
            source.replicaPipeline?.commitFunction.role,
            source.replicaPipeline?.advanceFunction.role,
            source.cdcApplyPipeline?.applyFunction.role,
            source.cdcApplyPipeline?.commitFunction.role,
          ]),
        ]),
        events: roleNames([
          analyst,
          ...streams.flatMap((stream) => [stream.relay.function.role, stream.archive.role]),
        ]),
        // The relay sends failed batches to its queue; analysts read query results; each source's
        // failure notification publishes to the alert topic.
        operations: roleNames([
          analyst,
          ...streams.map((stream) => stream.relay.function.role),
          ...sources.map((source) => source.failureNotification?.function.role),
        ]),
      });
    });
  });

  it('the raw key allows decryption outside the raw path only for Secrets Manager’s key-access check (SecretVersionId RequestToValidateKeyAccess, Secrets Manager User Guide)', () => {
    // Arrange
    const { lake, stacks } = build('local-demo.yaml');

    // Act
    const { conditional } = keyAccess(stacks(), ref(lake.foundation.storage.rawKey), 'kms:Decrypt');

    // Assert
    expect(conditional.map((statement) => statement.Condition)).toEqual([
      {
        StringEquals: {
          'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
          'kms:EncryptionContext:SecretVersionId': 'RequestToValidateKeyAccess',
        },
      },
    ]);
  });

  it('Athena writes query results with the operations key, never the raw key', () => {
    // Arrange
    const { lake, stacks } = build('marketplace.yaml');
    const foundation = stacks().find((stack) => stack.stackName === lake.foundation.stackName);
    const [workgroup] = Object.values(foundation?.template.Resources ?? {}).filter(
      (resource) => resource.Type === 'AWS::Athena::WorkGroup',
    );

    // Act
    const kmsKey = JSON.stringify(
      (workgroup?.Properties?.WorkGroupConfiguration as { ResultConfiguration?: unknown } | undefined)
        ?.ResultConfiguration,
    );

    // Assert
    expect(kmsKey).toContain(ref(lake.foundation.storage.operationsKey).logicalId);
    expect(kmsKey).not.toContain(ref(lake.foundation.storage.rawKey).logicalId);
  });

  describe('the check fails when the raw key is opened to analysts', () => {
    it('reports an IAM grant of raw decryption to the AnalystRole', () => {
      // Arrange
      const built = build('marketplace.yaml');
      const { foundation } = built.lake;

      // Act
      foundation.storage.rawKey.grantDecrypt(foundation.analystRole as iam.Role);

      // Assert
      expect(analystFacingRawDecrypters(built)).toEqual([
        `IAM grant: ${name(ref(foundation.analystRole as iam.Role))}`,
      ]);
    });

    it('reports the AnalystRole as a decrypter when the key policy also delegates decryption to the whole account (the old default)', () => {
      // Arrange
      const built = build('marketplace.yaml');
      const { foundation } = built.lake;

      // Act
      foundation.storage.rawKey.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.AccountRootPrincipal()],
          actions: ['kms:*'],
          resources: ['*'],
        }),
      );
      foundation.storage.rawKey.grantDecrypt(foundation.analystRole as iam.Role);

      // Assert
      const analyst = name(ref(foundation.analystRole as iam.Role));
      expect(analystFacingRawDecrypters(built)).toEqual([`IAM grant: ${analyst}`, `can decrypt: ${analyst}`]);
    });
  });
});
