import { validConfig } from '../../helpers/configFactory';

type Handler = (event: unknown) => Promise<unknown>;

function loadHandler(): Handler {
  process.env.LAKE_CONFIG = JSON.stringify(validConfig());
  process.env.RAW_BUCKET = 'raw';
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    ({ handler } = require('../../../lambdas/plan/handler') as { handler: Handler });
  });
  if (!handler) throw new Error('handler not loaded');
  return handler;
}

describe('plan handler', () => {
  afterEach(() => {
    delete process.env.LAKE_CONFIG;
    delete process.env.RAW_BUCKET;
  });

  it('refuses an event without an export id', async () => {
    // Arrange
    const handler = loadHandler();

    // Act / Assert
    await expect(handler({ source: 'service', runId: '20261123T030005Z' })).rejects.toThrow(/exportId/);
  });

  it('refuses a source the config does not have, naming the ones it has', async () => {
    // Arrange
    const handler = loadHandler();

    // Act / Assert
    await expect(handler({ source: 'billing', runId: '20261123T030005Z', exportId: 'e1' })).rejects.toThrow(
      'Unknown source "billing"; allowed: service',
    );
  });

  it('fails at load naming the missing variable', () => {
    // Arrange
    process.env.LAKE_CONFIG = JSON.stringify(validConfig());

    // Act / Assert
    expect(() => jest.isolateModules(() => require('../../../lambdas/plan/handler'))).toThrow(/RAW_BUCKET/);
  });
});
