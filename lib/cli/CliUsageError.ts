import { DataLakeError } from '../core/errors';

/**
 * The command line was used wrongly in a way commander cannot see (an option that needs
 * another): exits with the usage code 2, like commander's own errors.
 */
export class CliUsageError extends DataLakeError {
  public constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
