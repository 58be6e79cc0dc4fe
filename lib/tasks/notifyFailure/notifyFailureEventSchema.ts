import * as z from 'zod';

/**
 * The event the failure rule sends: a "Step Functions Execution Status Change" event from
 * `aws.states` whose `detail` names the execution, its state machine and its new status ("EventBridge
 * (CloudWatch Events) for Step Functions execution status changes",
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html). Only the fields read are
 * checked; the rule matches the ended statuses other than SUCCEEDED.
 */
export const notifyFailureEventSchema = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string().min(1),
    stateMachineArn: z.string().min(1),
    status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']),
  }),
});

/** A parsed failure event. */
export type NotifyFailureEvent = z.infer<typeof notifyFailureEventSchema>;
