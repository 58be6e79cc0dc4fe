import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLakeError } from '../../../lib/core/errors';
import { buildKafkaMock } from '../../../lib/local/events/buildKafkaMock';

describe('buildKafkaMock', () => {
  it('builds (or finds up to date) the mock cluster program and returns its executable path', async () => {
    // Act
    const binary = await buildKafkaMock();

    // Assert
    expect(binary).toMatch(/\.local\/services\/kafka-mock\/kafka-mock$/);
    expect(() => accessSync(binary, constants.X_OK)).not.toThrow();
  });

  it('fails with the script’s reason and the install command when the build tools are missing', async () => {
    // Arrange: a service script that fails its build the way kafka.sh does without librdkafka-dev
    const dir = mkdtempSync(join(tmpdir(), 'kafka-script-'));
    const script = join(dir, 'kafka.sh');
    writeFileSync(
      script,
      'echo "kafka: error: the build needs gcc and librdkafka-dev; run: bash kafka.sh install" >&2\nexit 1\n',
    );

    // Act
    const built = buildKafkaMock(script);

    // Assert
    await expect(built).rejects.toThrow(DataLakeError);
    await expect(built).rejects.toThrow(
      "The local Kafka broker (librdkafka's mock cluster) could not be built: kafka: error: the build needs gcc and librdkafka-dev; run: bash kafka.sh install. Install its build tools with `bash scripts/services/kafka.sh install`",
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
