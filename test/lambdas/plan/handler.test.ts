import { configWith, parsedConfig } from '../../helpers/configFactory';

type Handler = (event: unknown) => Promise<unknown>;

/** The plan function's environment, as SnapshotPipeline writes it. */
const ENVIRONMENT = {
  RAW_BUCKET: 'raw',
  EXPORT_PREFIX: 'exports/service/',
  GLUE_DATABASE: 'testlake_service',
};

function loadHandler(): Handler {
  Object.assign(process.env, ENVIRONMENT);
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    ({ handler } = require('../../../lambdas/plan/handler') as { handler: Handler });
  });
  if (!handler) throw new Error('handler not loaded');
  return handler;
}

/** The config subset the state machine embeds in the plan task's payload, as JSON. */
function embeddedConfig(): unknown {
  const { name, pools, sources } = parsedConfig();
  return JSON.parse(JSON.stringify({ name, pools, sources }));
}

describe('plan handler', () => {
  afterEach(() => {
    for (const name of Object.keys(ENVIRONMENT)) delete process.env[name];
  });

  it('refuses an event without an export id', async () => {
    // Arrange
    const handler = loadHandler();

    // Act / Assert
    await expect(
      handler({ config: embeddedConfig(), source: 'service', runId: '20261123T030005Z' }),
    ).rejects.toThrow(/exportId/);
  });

  it('refuses a source the config does not have, naming the ones it has', async () => {
    // Arrange
    const handler = loadHandler();

    // Act / Assert
    await expect(
      handler({ config: embeddedConfig(), source: 'billing', runId: '20261123T030005Z', exportId: 'e1' }),
    ).rejects.toThrow('Unknown source "billing" in the plan task input; allowed: "service"');
  });

  it('validates the config it is given, naming the bad field', async () => {
    // Arrange
    const handler = loadHandler();
    const config = configWith({ 'sources[0].tables[0].columns.email.mask': 'hide' }, embeddedConfig());

    // Act
    const run = handler({ config, source: 'service', runId: '20261123T030005Z', exportId: 'e1' });

    // Assert: by name, as the isolated module registry has its own ConfigError class
    await expect(run).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringContaining('sources[0].tables[0].columns.email.mask: received "hide"'),
    });
  });

  it('fails at load naming the missing variable', () => {
    // Arrange
    Object.assign(process.env, ENVIRONMENT);
    delete process.env.GLUE_DATABASE;

    // Act / Assert
    expect(() => jest.isolateModules(() => require('../../../lambdas/plan/handler'))).toThrow(
      'Environment variable GLUE_DATABASE is not set',
    );
  });
});
