import {
  KinesisServiceException,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { isRetryableError } from '../../lib/client';

function serviceError(name: string, httpStatusCode: number): KinesisServiceException {
  return new KinesisServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}

describe('isRetryableError', () => {
  it('retries throughput exceeded on the whole call', () => {
    // Arrange
    const error = new ProvisionedThroughputExceededException({
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });

    // Act / Assert
    expect(isRetryableError(error)).toBe(true);
  });

  it.each([
    ['ThrottlingException', 400],
    ['KMSThrottlingException', 400],
    ['InternalFailure', 500],
    ['SomethingNew', 503],
    ['TooManyRequests', 429],
  ])('retries %s (%i)', (name, status) => {
    // Arrange
    const error = serviceError(name, status);

    // Act / Assert
    expect(isRetryableError(error)).toBe(true);
  });

  it('retries an error with no HTTP response (network down, connection reset)', () => {
    // Arrange
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      $metadata: {},
    });

    // Act / Assert
    expect(isRetryableError(error)).toBe(true);
  });

  it.each([
    ['ResourceNotFoundException', 400],
    ['AccessDeniedException', 400],
    ['ValidationException', 400],
    ['KMSAccessDeniedException', 400],
  ])('does not retry %s, which no retry fixes', (name, status) => {
    // Arrange
    const error =
      name === 'ResourceNotFoundException'
        ? new ResourceNotFoundException({ message: 'no stream', $metadata: { httpStatusCode: status } })
        : serviceError(name, status);

    // Act / Assert
    expect(isRetryableError(error)).toBe(false);
  });

  it('does not retry something that is not an error object', () => {
    // Arrange / Act / Assert
    expect(isRetryableError('boom')).toBe(false);
  });
});
