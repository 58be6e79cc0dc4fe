import { BUNDLE_TARGET_BYTES, relayBundle } from '../../../scripts/bench/relay';

describe('relay bundle', () => {
  it('stays under 500 KB (issue 18) without an AWS SDK client or the MSK signer library', async () => {
    // Act
    const { bytes, inputs } = await relayBundle();

    // Assert
    expect(inputs.filter((file) => /@aws-sdk\/|aws-msk-iam-sasl-signer-js|@smithy\//.test(file))).toEqual([]);
    expect(bytes).toBeLessThan(BUNDLE_TARGET_BYTES);
  });
});
