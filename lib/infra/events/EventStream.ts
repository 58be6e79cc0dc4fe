import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';

/** Kinesis's own stream name rule. */
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
/** What a producer needs to send: nothing to read, list or describe. */
const PRODUCER_ACTIONS = ['kinesis:PutRecord', 'kinesis:PutRecords'];
/** The Cognito identity pool that federates app users; the trust conditions name it. */
const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/** Why the wildcards of aws-cdk-lib's stream grants are acceptable. */
const KEY_GRANT_REASON =
  "aws-cdk-lib's grant on one event stream and its key: the wildcards are KMS action families (ReEncrypt*, GenerateDataKey*), not resources.";

/** Props of {@link EventStream}. */
export interface EventStreamProps {
  /** The key that encrypts the stream (server-side, `encryption: KMS`); pass the lake's events key. */
  readonly encryptionKey: kms.IKey;

  /**
   * The Kinesis stream name: 1 to 128 letters, digits, `_`, `.` or `-`.
   *
   * @default - a name CloudFormation generates
   */
  readonly streamName?: string;

  /**
   * Capacity mode. On-demand scales by itself and suits unknown or spiky app traffic;
   * provisioned needs {@link shardCount}.
   *
   * @default kinesis.StreamMode.ON_DEMAND
   */
  readonly streamMode?: kinesis.StreamMode;

  /**
   * Shards of a provisioned stream (each takes 1 MiB/s or 1,000 records/s in). Required
   * with `StreamMode.PROVISIONED`, refused with on-demand.
   *
   * @default - none (on-demand)
   */
  readonly shardCount?: number;

  /**
   * How long records stay readable in the stream: whole hours from 24 to 8760. The relay and
   * the archive can fall behind by at most this much before records are lost.
   *
   * @default Duration.hours(24)
   */
  readonly retention?: Duration;

  /**
   * Creates a Cognito identity pool with unauthenticated identities whose role may only put
   * records into this stream: how web and mobile apps send without AWS credentials of their own.
   *
   * @default false
   */
  readonly unauthenticatedProducers?: boolean;

  /**
   * What happens to the stream (and its unread records) when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A client event stream: a KMS-encrypted Kinesis data stream (on-demand by default) that
 * apps write envelopes to, read by the relay (to Kafka) and the archive (to S3).
 *
 * With `unauthenticatedProducers`, a Cognito identity pool hands apps temporary credentials
 * of a role that may only call PutRecord/PutRecords on this stream (and generate data keys
 * with the stream's key, through Kinesis only): no read, no other stream, no other service.
 *
 * @example
 * ```ts
 * const events = new EventStream(this, 'AppEvents', {
 *   encryptionKey: storage.encryptionKey,
 *   streamName: 'marketplace-app-events',
 *   retention: Duration.days(7),
 *   unauthenticatedProducers: true,
 * });
 * events.grantWrite(backendRole);
 * events.grantRead(relay);
 * ```
 */
export class EventStream extends Construct {
  /** The Kinesis data stream. */
  public readonly stream: kinesis.Stream;
  /** The key the stream is encrypted with. */
  public readonly encryptionKey: kms.IKey;
  /** The stream's ARN. */
  public readonly streamArn: string;
  /** The stream's name. */
  public readonly streamName: string;
  /** The identity pool apps get credentials from; only with `unauthenticatedProducers`. */
  public readonly identityPool?: cognito.CfnIdentityPool;
  /** The role unauthenticated app identities assume; only with `unauthenticatedProducers`. */
  public readonly unauthenticatedRole?: iam.Role;

  public constructor(scope: Construct, id: string, props: EventStreamProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    const streamMode = props.streamMode ?? kinesis.StreamMode.ON_DEMAND;

    this.encryptionKey = props.encryptionKey;
    this.stream = new kinesis.Stream(this, 'Resource', {
      streamName: props.streamName,
      streamMode,
      shardCount: streamMode === kinesis.StreamMode.PROVISIONED ? props.shardCount : undefined,
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: props.encryptionKey,
      retentionPeriod: props.retention ?? Duration.hours(24),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        "Encrypted with the lake's customer-managed key on purpose: its key policy and CloudTrail record decide who reads events, in the stream and in the archive alike.",
    });
    this.streamArn = this.stream.streamArn;
    this.streamName = this.stream.streamName;

    if (props.unauthenticatedProducers) {
      this.identityPool = new cognito.CfnIdentityPool(this, 'IdentityPool', {
        allowUnauthenticatedIdentities: true,
        allowClassicFlow: false,
      });
      Validations.of(this.identityPool).acknowledge({
        id: 'AwsSolutions-COG7',
        reason:
          'Apps send events before (and without) a sign-in; the unauthenticated role may only put records into this one stream.',
      });
      this.unauthenticatedRole = this.producerRole(this.identityPool);
      new cognito.CfnIdentityPoolRoleAttachment(this, 'IdentityPoolRoles', {
        identityPoolId: this.identityPool.ref,
        roles: { unauthenticated: this.unauthenticatedRole.roleArn },
      });
    }
  }

  /**
   * Grants sending records: `kinesis:PutRecord`, `kinesis:PutRecords` and `kinesis:ListShards`
   * on this stream, and encrypting with its key (aws-cdk-lib's stream write grant).
   *
   * @param grantee a backend producer, e.g. a service role that uses the client SDK
   */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    // The stream's grant drops its key grant; repeating it (deduplicated by IAM's policy
    // document) gives the Grant whose wildcards are acknowledged.
    const grant = this.stream.grantWrite(grantee).combine(this.encryptionKey.grantEncrypt(grantee));
    acknowledgeGrantWildcards(grantee, grant, KEY_GRANT_REASON);
    return grant;
  }

  /**
   * Grants reading records (describe, list shards, iterators, GetRecords, enhanced fan-out
   * subscribe) from this stream and decrypting with its key (aws-cdk-lib's stream read grant).
   *
   * @param grantee a consumer, e.g. the relay Lambda
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const grant = this.stream.grantRead(grantee).combine(this.encryptionKey.grantDecrypt(grantee));
    acknowledgeGrantWildcards(grantee, grant, KEY_GRANT_REASON);
    return grant;
  }

  /** The role of unauthenticated identities of `pool`: PutRecord/PutRecords on this stream only. */
  private producerRole(pool: cognito.CfnIdentityPool): iam.Role {
    const role = new iam.Role(this, 'UnauthenticatedRole', {
      description: 'Unauthenticated app identities: put records into one event stream, nothing else',
      assumedBy: new iam.FederatedPrincipal(
        COGNITO_IDENTITY,
        {
          StringEquals: { [`${COGNITO_IDENTITY}:aud`]: pool.ref },
          'ForAnyValue:StringLike': { [`${COGNITO_IDENTITY}:amr`]: 'unauthenticated' },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    iam.Grant.addToPrincipal({ grantee: role, actions: PRODUCER_ACTIONS, resourceArns: [this.streamArn] });
    // Kinesis asks for a data key on the producer's behalf; no direct use of the key.
    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['kms:GenerateDataKey'],
      resourceArns: [this.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `kinesis.${Stack.of(this).region}.amazonaws.com` } },
    });
    return role;
  }
}

function validateProps(constructPath: string, props: EventStreamProps): void {
  const issues: ConfigIssue[] = [];
  const { streamName, shardCount, retention } = props;
  const provisioned = props.streamMode === kinesis.StreamMode.PROVISIONED;
  if (streamName !== undefined && !Token.isUnresolved(streamName) && !STREAM_NAME.test(streamName)) {
    issues.push({
      path: 'streamName',
      message: `got '${streamName}'; allowed: 1 to 128 letters, digits, '_', '.' or '-'`,
    });
  }
  if (provisioned && shardCount === undefined) {
    issues.push({ path: 'shardCount', message: 'got nothing; required when streamMode is PROVISIONED' });
  }
  if (!provisioned && shardCount !== undefined) {
    issues.push({
      path: 'shardCount',
      message: `got ${shardCount} with streamMode ON_DEMAND; allowed only with streamMode PROVISIONED`,
    });
  }
  if (
    shardCount !== undefined &&
    !Token.isUnresolved(shardCount) &&
    !(Number.isInteger(shardCount) && shardCount >= 1)
  ) {
    issues.push({ path: 'shardCount', message: `got ${shardCount}; allowed: a whole number, at least 1` });
  }
  if (retention !== undefined && !retention.isUnresolved()) {
    const hours = retention.toHours({ integral: false });
    if (!Number.isInteger(hours) || hours < 24 || hours > 8760) {
      issues.push({
        path: 'retention',
        message: `got ${retention.toHumanString()}; allowed: whole hours from 24 to 8760 (365 days)`,
      });
    }
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
