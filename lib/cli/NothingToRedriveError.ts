import { DataLakeError } from '../core/errors';

/** `datalake redrive` found no execution it may redrive: says which and why. */
export class NothingToRedriveError extends DataLakeError {
  public constructor(
    /** The source asked for. */
    public readonly source: string,
    message: string,
  ) {
    super(message);
    this.name = 'NothingToRedriveError';
  }
}
