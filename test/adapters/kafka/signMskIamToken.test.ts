import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { type AwsCredentials, lambdaRoleCredentials, signMskIamToken } from '../../../lib/adapters/kafka';
import { EnvironmentError } from '../../../lib/core/errors';

const SIGNING_DATE = new Date('2026-11-23T09:15:02.123Z');

/** The token aws-msk-iam-sasl-signer-js makes at SIGNING_DATE, and the User-Agent it puts in it. */
async function libraryToken(region: string, credentials: AwsCredentials) {
  jest.useFakeTimers({ now: SIGNING_DATE, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  try {
    const token = await generateAuthTokenFromCredentialsProvider({
      region,
      awsCredentialsProvider: async () => credentials,
    });
    const userAgent = new URL(Buffer.from(token.token, 'base64url').toString()).searchParams.get(
      'User-Agent',
    );
    return { token, userAgent: userAgent ?? '' };
  } finally {
    jest.useRealTimers();
  }
}

describe('signMskIamToken', () => {
  // MSK Developer Guide, "Configure clients for IAM access control", names
  // aws-msk-iam-sasl-signer-js for Node.js: the relay's token must be the one it makes.
  it.each([
    [
      'temporary credentials (a Lambda role)',
      'eu-west-1',
      {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQD+abc/def=',
      },
    ],
    [
      'long-term keys, no session token',
      'us-east-1',
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' },
    ],
    [
      'credentials that expire in 600 s (the token expires with them)',
      'ap-northeast-2',
      {
        accessKeyId: 'ASIAEXAMPLEEXPIRING1',
        secretAccessKey: 'secret+with/special=chars',
        sessionToken: 'token with spaces*and(parens)!',
        expiration: new Date(SIGNING_DATE.getTime() + 600_000),
      },
    ],
  ])(
    'makes the token aws-msk-iam-sasl-signer-js makes, byte for byte: %s',
    async (_case, region, credentials) => {
      // Arrange
      const library = await libraryToken(region, credentials);

      // Act
      jest.useFakeTimers({ now: SIGNING_DATE });
      const ours = signMskIamToken({
        region,
        credentials,
        signingDate: SIGNING_DATE,
        userAgent: library.userAgent,
      });
      jest.useRealTimers();

      // Assert
      expect(library.userAgent).toMatch(/^aws-msk-iam-sasl-signer-js\//);
      expect(ours).toEqual(library.token);
    },
  );

  it('presigns kafka-cluster:Connect for the region, valid 900 s, with its own User-Agent by default', () => {
    // Act
    const { token, expiryTime } = signMskIamToken({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      signingDate: SIGNING_DATE,
    });

    // Assert
    const url = new URL(Buffer.from(token, 'base64url').toString());
    expect(token).not.toMatch(/[=+/]/);
    expect(url.host).toBe('kafka.eu-west-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'AKIDEXAMPLE/20261123/eu-west-1/kafka-cluster/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261123T091502Z');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('User-Agent')).toBe('datalake-stack');
    expect(expiryTime).toBe(Date.parse('2026-11-23T09:30:02Z'));
  });
});

describe('lambdaRoleCredentials', () => {
  it("reads the execution role's keys and session token Lambda puts in the environment", async () => {
    // Act
    const credentials = await lambdaRoleCredentials({
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'session',
    });

    // Assert
    expect(credentials).toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  it('refuses to sign without keys, naming the variable', async () => {
    // Act
    const read = lambdaRoleCredentials({ AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE' });

    // Assert
    await expect(read).rejects.toThrow(EnvironmentError);
    await expect(read).rejects.toThrow(/AWS_SECRET_ACCESS_KEY is not set/);
  });
});
