import { positiveIntegerEnv, requiredEnv } from '../../lib/adapters/env';
import { EnvironmentError } from '../../lib/core/errors';

const NAME = 'DATALAKE_TEST_VARIABLE';

describe('requiredEnv', () => {
  afterEach(() => {
    delete process.env[NAME];
  });

  it('returns the value of a set variable', () => {
    // Arrange
    process.env[NAME] = 'curated-bucket';

    // Act
    const value = requiredEnv(NAME);

    // Assert
    expect(value).toBe('curated-bucket');
  });

  it.each([
    ['unset', undefined],
    ['empty', ''],
  ])('throws naming the variable when it is %s', (_case, value) => {
    // Arrange
    if (value !== undefined) process.env[NAME] = value;

    // Act
    const act = () => requiredEnv(NAME);

    // Assert
    expect(act).toThrow(EnvironmentError);
    expect(act).toThrow(`Environment variable ${NAME} is not set; allowed: a non-empty value`);
  });
});

describe('positiveIntegerEnv', () => {
  afterEach(() => {
    delete process.env[NAME];
  });

  it('reads a positive integer', () => {
    // Arrange
    process.env[NAME] = '3008';

    // Act
    const value = positiveIntegerEnv(NAME, 1024);

    // Assert
    expect(value).toBe(3008);
  });

  it('falls back when the variable is unset', () => {
    // Act
    const value = positiveIntegerEnv(NAME, 1024);

    // Assert
    expect(value).toBe(1024);
  });

  it.each(['0', '-5', '1.5', '12MB'])('throws naming the variable and the value for %p', (value) => {
    // Arrange
    process.env[NAME] = value;

    // Act
    const act = () => positiveIntegerEnv(NAME, 1024);

    // Assert
    expect(act).toThrow(`Environment variable ${NAME} is "${value}"; allowed: a positive integer`);
  });
});
