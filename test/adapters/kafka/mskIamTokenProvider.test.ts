import { type MskIamToken, mskIamTokenProvider } from '../../../lib/adapters/kafka';

/** A signer that counts its calls and hands out tokens valid 15 minutes from the fake clock. */
function fakeSigner(clock: { now: number }) {
  const regions: string[] = [];
  const generate = async (region: string): Promise<MskIamToken> => {
    regions.push(region);
    return { token: `token-${regions.length}`, expiryTime: clock.now + 900_000 };
  };
  return { generate, regions };
}

describe('mskIamTokenProvider', () => {
  it('signs for the given region and reuses the token while it is fresh', async () => {
    // Arrange
    const clock = { now: 1_000_000 };
    const signer = fakeSigner(clock);
    const provide = mskIamTokenProvider({
      region: 'eu-west-1',
      generate: signer.generate,
      now: () => clock.now,
    });

    // Act
    const first = await provide();
    clock.now += 800_000; // 100 s before expiry, outside the 60 s margin
    const second = await provide();

    // Assert
    expect([first, second]).toEqual([{ value: 'token-1' }, { value: 'token-1' }]);
    expect(signer.regions).toEqual(['eu-west-1']);
  });

  it('signs a new token once the cached one is within the refresh margin of expiry', async () => {
    // Arrange
    const clock = { now: 1_000_000 };
    const signer = fakeSigner(clock);
    const provide = mskIamTokenProvider({
      region: 'eu-west-1',
      generate: signer.generate,
      now: () => clock.now,
      refreshMarginMs: 30_000,
    });
    await provide();

    // Act
    clock.now += 870_000; // exactly 30 s before expiry
    const refreshed = await provide();

    // Assert
    expect(refreshed).toEqual({ value: 'token-2' });
  });

  it('shares one signing between concurrent connections', async () => {
    // Arrange
    const clock = { now: 0 };
    const signer = fakeSigner(clock);
    const provide = mskIamTokenProvider({
      region: 'us-east-1',
      generate: signer.generate,
      now: () => clock.now,
    });

    // Act
    const tokens = await Promise.all([provide(), provide(), provide()]);

    // Assert
    expect(tokens.map((token) => token.value)).toEqual(['token-1', 'token-1', 'token-1']);
    expect(signer.regions).toHaveLength(1);
  });

  it('signs again after a failed signing instead of caching the failure', async () => {
    // Arrange
    let calls = 0;
    const generate = async (): Promise<MskIamToken> => {
      calls += 1;
      if (calls === 1) throw new Error('no credentials yet');
      return { token: 'token-ok', expiryTime: Number.MAX_SAFE_INTEGER };
    };
    const provide = mskIamTokenProvider({ region: 'eu-west-1', generate });

    // Act
    const failed = provide();
    await expect(failed).rejects.toThrow('no credentials yet');
    const retried = await provide();

    // Assert
    expect(retried).toEqual({ value: 'token-ok' });
  });

  it("signs with the credentials provider it is given (outside Lambda: an SDK client's config.credentials)", async () => {
    // Arrange
    const asked: string[] = [];
    const provide = mskIamTokenProvider({
      region: 'eu-west-1',
      credentials: async () => {
        asked.push('credentials');
        return { accessKeyId: 'AKIAFROMSDKCHAIN', secretAccessKey: 'secret' };
      },
    });

    // Act
    const { value } = await provide();

    // Assert
    const url = new URL(Buffer.from(value, 'base64url').toString());
    expect(asked).toEqual(['credentials']);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIAFROMSDKCHAIN\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/,
    );
  });
});
