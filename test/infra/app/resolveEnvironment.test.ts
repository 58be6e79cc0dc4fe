import { PLACEHOLDER_ENVIRONMENT, resolveEnvironment } from '../../../lib/infra/app/resolveEnvironment';

describe('resolveEnvironment', () => {
  it('falls back to the placeholder when nothing names an account or region', () => {
    // Act
    const env = resolveEnvironment({ env: {} });

    // Assert
    expect(env).toEqual({ ...PLACEHOLDER_ENVIRONMENT, placeholder: true });
  });

  it('prefers CDK context over the config file over the CLI credentials', () => {
    // Act
    const env = resolveEnvironment({
      context: { region: 'ap-northeast-2' },
      config: { account: '111122223333', region: 'eu-west-1' },
      env: { CDK_DEFAULT_ACCOUNT: '999999999999', CDK_DEFAULT_REGION: 'us-west-2' },
    });

    // Assert
    expect(env).toEqual({ account: '111122223333', region: 'ap-northeast-2', placeholder: false });
  });

  it('uses the credentials the CDK CLI found when context and config are silent', () => {
    // Act
    const env = resolveEnvironment({
      env: { CDK_DEFAULT_ACCOUNT: '999999999999', CDK_DEFAULT_REGION: 'us-west-2' },
    });

    // Assert
    expect(env).toEqual({ account: '999999999999', region: 'us-west-2', placeholder: false });
  });
});
