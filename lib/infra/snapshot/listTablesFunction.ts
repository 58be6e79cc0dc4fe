import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { DataLakeConfig, SourceConfig } from '../../config';
import type { ListTablesEnvironment } from '../../tasks/listTables/listTablesSettingsSchema';
import { grantSecretValue } from '../grants/grantSecretValue';
import { type PipelineFunctionProps, pipelineFunction } from '../lambda/pipelineFunction';
import { replicaConnectionEnvironment } from '../replica/replicaConnectionEnvironment';
import { REPLICA_CONNECTION_ERRORS, replicaConnectionRetry } from '../replica/replicaConnectionRetry';
import type { SourceReplica } from '../source/SourceReplica';
import { pipelineConfig } from '../stateMachine/pipelineConfig';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';

/** Where the list-tables state puts its result: the export's `ExportOnly` is `<this>.exportOnly`. */
export const EXPORT_TABLES_PATH = '$.exportTables';

/** Props of {@link listTablesFunction}. */
export interface ListTablesFunctionProps
  extends Pick<PipelineFunctionProps, 'logRetention' | 'logEncryptionKey' | 'removalPolicy'> {
  readonly config: DataLakeConfig;
  readonly source: SourceConfig;
  /** The source's read replica(s): the tables are listed on the first pipeline host. */
  readonly replica: SourceReplica;
  /** The VPC the function runs in, with a route to the replica. */
  readonly vpc: ec2.IVpc;
  /** @default - the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** The list-tables Lambda and the state that calls it. */
export interface ListTablesStep {
  readonly function: lambda.IFunction;
  /** Puts `{ exportOnly }` at {@link EXPORT_TABLES_PATH}. */
  readonly state: tasks.LambdaInvoke;
}

/**
 * The snapshot run's first step for a source with `includeTables: all`: a Lambda in the VPC that
 * lists the source's tables on its read replica (the primary is never queried), logged in with the
 * source's credentials secret over TLS (the RDS CAs trusted as the replica functions trust them),
 * and returns the export's `ExportOnly`: every table the lake keeps, no excluded one. The replica's
 * security group admits the function; its role may read the credentials secret only. Retried like
 * the replica plan: transient Lambda errors, and replica sessions that fail or die.
 *
 * @example
 * ```ts
 * const list = listTablesFunction(this, { config, source, replica, vpc, ...functionDefaults });
 * list.state.next(exportStates(this, { ..., exportOnly: sfn.JsonPath.listAt(`${EXPORT_TABLES_PATH}.exportOnly`) }));
 * ```
 */
export function listTablesFunction(scope: Construct, props: ListTablesFunctionProps): ListTablesStep {
  const { config, source, replica } = props;
  const fn = pipelineFunction(scope, 'ListTables', {
    logRetention: props.logRetention,
    logEncryptionKey: props.logEncryptionKey,
    removalPolicy: props.removalPolicy,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    name: 'list-tables',
    description: `Lists the ${source.name} tables a snapshot export keeps (all but excludeTables) on the replica`,
    memorySize: 256,
    timeout: Duration.minutes(2),
    environment: {
      ...replicaConnectionEnvironment(source, replica),
      // Table metadata is the same on every replica.
      REPLICA_HOST: replica.pipelineHosts[0] ?? '',
    } satisfies ListTablesEnvironment,
  });
  replica.allowConnectionsFrom(fn);
  // The credentials secret's ARN comes from the config, full (with its suffix) as the schema requires.
  grantSecretValue(scope, fn, { secretArn: source.credentialsSecretArn });

  const state = new tasks.LambdaInvoke(scope, 'List the tables to export', {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject({ config: pipelineConfig(config, source), source: source.name }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: EXPORT_TABLES_PATH,
  });
  state.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  state.addRetry(replicaConnectionRetry(REPLICA_CONNECTION_ERRORS));
  return { function: fn, state };
}
