import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { EventStream } from '../../lib/infra/events/EventStream';
import type { FoundationStack } from '../../lib/infra/stacks/FoundationStack';
import { integFunction } from './integFunction';

/** Props of {@link IntegProbesStack}. */
export interface IntegProbesStackProps extends StackProps {
  readonly foundation: FoundationStack;
  /** The stream the check sends events to. */
  readonly eventStream: EventStream;
}

/**
 * The functions the integ check's assertions invoke: one sends events through the client SDK,
 * one counts rows in Athena in the lake's workgroup with what an analyst may do (the workgroup's
 * `grantQuery`, the analyst role's grant).
 */
export class IntegProbesStack extends Stack {
  public readonly sendEvents: lambda.IFunction;
  public readonly countRows: lambda.IFunction;

  public constructor(scope: Construct, id: string, props: IntegProbesStackProps) {
    super(scope, id, props);
    const { foundation, eventStream } = props;
    const sendEvents = integFunction(this, 'SendEvents', {
      name: 'sendEvents',
      description: 'Integ check: sends sample events through the client SDK',
      timeout: Duration.minutes(2),
    });
    eventStream.grantWrite(sendEvents);
    const countRows = integFunction(this, 'CountRows', {
      name: 'countRows',
      description: 'Integ check: counts rows of curated and archive tables in Athena',
      timeout: Duration.minutes(3),
      environment: { WORK_GROUP: foundation.query.workGroupName },
    });
    foundation.query.grantQuery(countRows);
    this.sendEvents = sendEvents;
    this.countRows = countRows;
  }
}
