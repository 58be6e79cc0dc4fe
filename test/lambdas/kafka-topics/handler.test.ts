import { kafkaTopicsTask } from '../../../lib/tasks/kafkaTopics/kafkaTopicsTask';

type HandlerModule = typeof import('../../../lambdas/kafka-topics/handler.js');

const saved = process.env.AWS_REGION;

/** The handler module loaded fresh with `region` as Lambda's AWS_REGION. */
function loadHandler(region: string | undefined): HandlerModule['handler'] {
  if (region === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = region;
  let handler: HandlerModule['handler'] | undefined;
  jest.isolateModules(() => {
    handler = (require('../../../lambdas/kafka-topics/handler') as HandlerModule).handler;
  });
  if (handler === undefined) throw new Error('handler not loaded');
  return handler;
}

afterEach(() => {
  if (saved === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = saved;
});

describe('kafka-topics handler', () => {
  it('binds kafkaTopicsTask: the handler runs that very function', () => {
    // Arrange: loaded in this test's module registry, so the task is the one imported above
    process.env.AWS_REGION = 'eu-west-1';
    const { handler } = require('../../../lambdas/kafka-topics/handler') as HandlerModule;

    // Assert
    expect(handler.task).toBe(kafkaTopicsTask);
  });

  it('keeps the topic on Delete without opening a connection', async () => {
    // Arrange
    const handler = loadHandler('eu-west-1');

    // Act
    const response = await handler({ RequestType: 'Delete', PhysicalResourceId: 'app.events' });

    // Assert
    expect(response).toEqual({ PhysicalResourceId: 'app.events' });
  });

  it('refuses to start without AWS_REGION, naming it', () => {
    // Act / Assert
    expect(() => loadHandler(undefined)).toThrow('Environment variable AWS_REGION is not set');
  });
});
