/** One message of a relay's failure queue. */
export interface FailureMessage {
  /** The message body: the event source mapping's on-failure record (JSON). */
  readonly body: string;
  /** What {@link FailureQueue.delete} needs to delete it (SQS's receipt handle). */
  readonly receipt: string;
}

/**
 * A relay's failure queue (the on-failure destination of its event source mapping), as `replay`
 * reads it: messages are received (and hidden from other readers meanwhile), then deleted once
 * handled; a message not deleted comes back.
 */
export interface FailureQueue {
  /** The next messages, oldest first as far as the queue knows; none when it is empty. */
  receive(): Promise<FailureMessage[]>;
  /** Deletes a handled message. */
  delete(message: FailureMessage): Promise<void>;
}
