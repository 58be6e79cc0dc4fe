import { KinesisClient } from '@aws-sdk/client-kinesis';
import { Sha256Js } from '@smithy/core/checksum';
import { FetchHttpHandler } from '@smithy/fetch-http-handler';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { keepaliveKinesisClient } from '../../lib/client/keepaliveKinesisClient';

describe('keepaliveKinesisClient', () => {
  it("sends with keepalive fetches and pure-JS signing to the app client's region, endpoint and credentials", async () => {
    // Arrange
    const app = new KinesisClient({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4567',
      credentials: { accessKeyId: 'app-key', secretAccessKey: 'app-secret' },
      requestHandler: new NodeHttpHandler(),
    });

    // Act
    const keepalive = keepaliveKinesisClient(app);

    // Assert
    const handler = keepalive.config.requestHandler;
    expect(handler).toBeInstanceOf(FetchHttpHandler);
    expect((handler as FetchHttpHandler).httpHandlerConfigs()).toMatchObject({ keepAlive: true });
    expect(keepalive.config.sha256).toBe(Sha256Js);
    expect(await keepalive.config.region()).toBe('eu-west-1');
    expect(await keepalive.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 4567 });
    expect(await keepalive.config.credentials()).toMatchObject({ accessKeyId: 'app-key' });
    expect(app.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    keepalive.destroy();
    app.destroy();
  });
});
