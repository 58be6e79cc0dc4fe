import { CustomResource, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { integFunction } from './integFunction';

/** Props of {@link SourceDatabaseStack}. */
export interface SourceDatabaseStackProps extends StackProps {
  /** The lake's VPC: a source reached by security group must live in it. */
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The RDS instance identifier the lake's config names as its primary. */
  readonly instanceIdentifier: string;
  /** The database the demo marketplace is seeded into. */
  readonly databaseName: string;
  /** The secret of the read-only login the seed creates for the lake (from {@link ReaderSecretStack}). */
  readonly readerSecret: secretsmanager.ISecret;
  /**
   * Rows of the extract bench's table the seed also writes (`npm run integ -- --bench`).
   *
   * @default - no bench table
   */
  readonly benchRows?: number;
}

/**
 * What a real user already has before deploying the lake, made for the integ check: a production
 * PostgreSQL on RDS (the smallest class, one zone, 20 GiB, encrypted, in the lake's VPC), seeded
 * with the demo marketplace and a read-only login for the lake's replica path, whose secret it is given.
 *
 * Automated backups are on (one day): the backup retention "can't be set to 0 if the DB instance
 * is a source to read replicas" (RDS API reference, CreateDBInstance BackupRetentionPeriod), and
 * the lake makes a read replica of it. Everything is deleted with the stack, no final snapshot.
 */
export class SourceDatabaseStack extends Stack {
  public readonly instance: rds.DatabaseInstance;
  /** The seed; the lake's source stack deploys after it, so its replica copies seeded data. */
  public readonly seed: CustomResource;

  public constructor(scope: Construct, id: string, props: SourceDatabaseStackProps) {
    super(scope, id, props);
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MICRO),
      instanceIdentifier: props.instanceIdentifier,
      databaseName: props.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret('postgres'),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      allocatedStorage: 20,
      storageEncrypted: true,
      multiAz: false,
      backupRetention: Duration.days(1),
      deleteAutomatedBackups: true,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const adminSecret = this.instance.secret;
    if (adminSecret === undefined) throw new Error('The source instance has no generated admin secret');
    const seed = integFunction(this, 'SeedFunction', {
      name: 'seedSource',
      description: 'Seeds the integ check source database with the demo marketplace',
      // Lambda's longest (900 s, "Lambda quotas") when it also writes the bench table.
      timeout: props.benchRows === undefined ? Duration.minutes(5) : Duration.minutes(15),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      environment: {
        DB_HOST: this.instance.dbInstanceEndpointAddress,
        DB_PORT: this.instance.dbInstanceEndpointPort,
        DB_NAME: props.databaseName,
        ADMIN_SECRET_ARN: adminSecret.secretArn,
        READER_SECRET_ARN: props.readerSecret.secretArn,
        ...(props.benchRows === undefined ? {} : { BENCH_ROWS: String(props.benchRows) }),
        // Node.js 20+ Lambda runtimes load the Amazon root CAs (RDS's included) only when told to:
        // "Node.js 20.x runtime now available in AWS Lambda" (AWS Compute Blog).
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      },
    });
    adminSecret.grantRead(seed);
    props.readerSecret.grantRead(seed);
    this.instance.connections.allowDefaultPortFrom(seed, 'The integ check seed');

    const provider = new cr.Provider(this, 'SeedProvider', { onEventHandler: seed });
    this.seed = new CustomResource(this, 'Seed', { serviceToken: provider.serviceToken });
    this.seed.node.addDependency(this.instance);
  }
}
