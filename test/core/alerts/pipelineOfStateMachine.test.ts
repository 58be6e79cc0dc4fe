import { pipelineOfStateMachine } from '../../../lib/core/alerts';

describe('pipelineOfStateMachine', () => {
  it.each([
    ['marketplace-service-snapshot', 'snapshot'],
    ['marketplace-service-replica', 'replica'],
    // The failure notification names a failed cdc apply run's tables as it does the others'.
    ['marketplace-service-cdc', 'cdc'],
  ])('reads %s as the %s pipeline', (name, pipeline) => {
    // Act / Assert
    expect(pipelineOfStateMachine('marketplace', 'service', name)).toBe(pipeline);
  });

  it('is undefined for a state machine of another source', () => {
    expect(pipelineOfStateMachine('marketplace', 'service', 'marketplace-payments-cdc')).toBeUndefined();
  });
});
