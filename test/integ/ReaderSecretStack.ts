import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';

/** Props of {@link ReaderSecretStack}. */
export interface ReaderSecretStackProps extends StackProps {
  /** The read-only login the seed creates for the lake. */
  readonly readerUsername: string;
}

/**
 * The secret of the integ source's read-only login, in a stack of its own that the lake's foundation
 * and the source database both import: the foundation's endpoint policies name the secrets the
 * functions read, and the source database is built in the foundation's VPC, so the secret cannot
 * live in either without a dependency cycle. A real user's secret exists before the lake.
 */
export class ReaderSecretStack extends Stack {
  /** The read-only login's secret (`username`, `password`): the lake's `credentialsSecretArn`. */
  public readonly readerSecret: rds.DatabaseSecret;

  public constructor(scope: Construct, id: string, props: ReaderSecretStackProps) {
    super(scope, id, props);
    this.readerSecret = new rds.DatabaseSecret(this, 'ReaderSecret', { username: props.readerUsername });
    this.readerSecret.applyRemovalPolicy(RemovalPolicy.DESTROY);
  }
}
