import { DEFAULT_CONFIG_PATH, loadConfig } from '../../../lib/config';
import { sourcePipelines } from '../../../lib/core/status';

describe('sourcePipelines', () => {
  it('gives a source with snapshot-export and replica tables both pipelines, a replica-only source one', () => {
    // Arrange
    const config = loadConfig(DEFAULT_CONFIG_PATH);
    const [service, payments] = config.sources;

    // Act / Assert: as SourceStack deploys them (createDataLake.test: service both, payments replica)
    expect(service && sourcePipelines(service, config.pools)).toEqual(['snapshot', 'replica']);
    expect(payments && sourcePipelines(payments, config.pools)).toEqual(['replica']);
  });
});
