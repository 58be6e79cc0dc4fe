import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FailureMessage, FailureQueue } from './FailureQueue';

/** What {@link SqsFailureQueue} is told beyond its client. */
export interface SqsFailureQueueOptions {
  /** The relay's failure queue (the `FailureQueue` of its `EventRelay`). */
  readonly queueUrl: string;
  /**
   * How long one receive waits for a message (long polling, at most 20 s). Long polling asks
   * every SQS server, so an empty answer means the queue is empty; a short poll (0) samples some
   * servers and can answer empty while messages wait (SQS Developer Guide, "Amazon SQS short and
   * long polling"; API Reference, ReceiveMessage `WaitTimeSeconds`: 0 to 20).
   * @default 20
   */
  readonly waitTimeSeconds?: number;
  /**
   * How long the messages of one receive stay hidden from other readers (API Reference,
   * ReceiveMessage `VisibilityTimeout`: up to 12 hours). They are replayed one after the other, so
   * it covers the ten ranges of a receive, each at most the work of one relay invocation (a batch
   * read back and one send; the relay's timeout is 2 minutes). A message not deleted by then comes
   * back for the next replay.
   * @default 1200 (20 minutes)
   */
  readonly visibilityTimeoutSeconds?: number;
}

/** ReceiveMessage's `MaxNumberOfMessages` is 1 to 10 (API Reference, ReceiveMessage). */
const MAX_MESSAGES_PER_RECEIVE = 10;

/**
 * The relay's SQS failure queue, read directly by `replay`. {@link receive} is one long-polling
 * ReceiveMessage of up to ten messages, hidden for the visibility timeout; it gives each message
 * once per replay (by message id: one that comes back because its visibility ran out is not given
 * again), so the replay's loop ends at the first receive with nothing new. {@link delete} is
 * DeleteMessage with the receipt handle of that receive, called only once the message's range was
 * acknowledged; a message never deleted becomes visible again after the timeout, so a replay
 * that stops leaves exactly the messages not yet re-delivered (as `FileFailureQueue` keeps their
 * lines).
 *
 * @example
 * ```ts
 * const queue = new SqsFailureQueue(new SQSClient({}), { queueUrl });
 * await replayFailures({ queue, … });
 * ```
 */
export class SqsFailureQueue implements FailureQueue {
  private readonly given = new Set<string>();
  private readonly waitTimeSeconds: number;
  private readonly visibilityTimeoutSeconds: number;

  public constructor(
    private readonly sqs: SQSClient,
    private readonly options: SqsFailureQueueOptions,
  ) {
    this.waitTimeSeconds = options.waitTimeSeconds ?? 20;
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 1200;
  }

  public async receive(): Promise<FailureMessage[]> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: MAX_MESSAGES_PER_RECEIVE,
        WaitTimeSeconds: this.waitTimeSeconds,
        VisibilityTimeout: this.visibilityTimeoutSeconds,
      }),
    );
    return Messages.flatMap(({ MessageId, Body, ReceiptHandle }) => {
      if (MessageId === undefined || Body === undefined || ReceiptHandle === undefined) return [];
      if (this.given.has(MessageId)) return [];
      this.given.add(MessageId);
      return [{ body: Body, receipt: ReceiptHandle }];
    });
  }

  public async delete(message: FailureMessage): Promise<void> {
    // The receipt handle, not the message id, names what to delete: the one of this receive
    // (API Reference, DeleteMessage: an older handle may succeed without deleting).
    await this.sqs.send(
      new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: message.receipt }),
    );
  }
}
