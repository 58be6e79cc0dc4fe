import { KafkaTopicError } from '../../../lib/core/errors';
import { reconcileTopic } from '../../../lib/tasks/kafkaTopics/reconcileTopic';
import { fakeTopicAdmin } from './fakeTopicAdmin';

describe('reconcileTopic', () => {
  it('creates a missing topic with the configured partitions and leaves replication to MSK', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ other: 3 });

    // Act
    const outcome = await reconcileTopic(admin, 'app.events', 6);

    // Assert
    expect(admin.createTopics).toHaveBeenCalledTimes(1);
    expect(admin.createTopics).toHaveBeenCalledWith({
      topics: [{ topic: 'app.events', numPartitions: 6 }],
      waitForLeaders: true,
    });
    expect(admin.createPartitions).not.toHaveBeenCalled();
    expect(outcome).toEqual({ topic: 'app.events', partitions: 6, action: 'created' });
  });

  it('adopts an existing topic with the same count without changing it', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ 'app.events': 6 });

    // Act
    const outcome = await reconcileTopic(admin, 'app.events', 6);

    // Assert
    expect(admin.fetchTopicMetadata).toHaveBeenCalledWith({ topics: ['app.events'] });
    expect(admin.createTopics).not.toHaveBeenCalled();
    expect(admin.createPartitions).not.toHaveBeenCalled();
    expect(outcome.action).toBe('unchanged');
  });

  it('raises the partition count of a topic with fewer partitions', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ 'app.events': 6 });

    // Act
    const outcome = await reconcileTopic(admin, 'app.events', 12);

    // Assert
    expect(admin.createPartitions).toHaveBeenCalledTimes(1);
    expect(admin.createPartitions).toHaveBeenCalledWith({
      topicPartitions: [{ topic: 'app.events', count: 12 }],
    });
    expect(outcome).toEqual({ topic: 'app.events', partitions: 12, action: 'raised' });
  });

  it('refuses to lower the partition count, naming the topic and both counts', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ 'app.events': 12 });

    // Act
    const result = reconcileTopic(admin, 'app.events', 6);

    // Assert
    await expect(result).rejects.toThrow(KafkaTopicError);
    await expect(result).rejects.toThrow(/app\.events has 12 partitions .* asks for 6.*12 or more/);
    expect(admin.createPartitions).not.toHaveBeenCalled();
    expect(admin.createTopics).not.toHaveBeenCalled();
  });
});
