import type { CdkCustomResourceEvent } from 'aws-lambda';
import { kafkaTopicsTask } from '../../../lib/tasks/kafkaTopics/kafkaTopicsTask';
import type { TopicAdmin } from '../../../lib/tasks/kafkaTopics/TopicAdmin';
import { fakeTopicAdmin } from './fakeTopicAdmin';

const BOOTSTRAP =
  'boot-a.kafka-serverless.eu-west-1.amazonaws.com:9098,boot-b.kafka-serverless.eu-west-1.amazonaws.com:9098';

/** A Provider framework event for the topic resource; CloudFormation sends every property as a string. */
function topicEvent(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: Record<string, string> = {},
): CdkCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/lake-events/1',
    RequestId: 'request-1',
    LogicalResourceId: 'Topic',
    ResourceType: 'Custom::KafkaTopic',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
      TopicName: 'app.events',
      Partitions: '6',
      BootstrapServers: BOOTSTRAP,
      ...properties,
    },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Delete') return { ...common, RequestType: 'Delete', PhysicalResourceId: 'app.events' };
  return {
    ...common,
    RequestType: 'Update',
    PhysicalResourceId: 'app.events',
    OldResourceProperties: { ...common.ResourceProperties, Partitions: '6' },
  };
}

function opener(admin: TopicAdmin) {
  return jest.fn(async (_brokers: readonly string[]) => admin);
}

describe('kafkaTopicsTask', () => {
  it('on Create opens the admin on the bootstrap servers, creates the topic and names it the physical id', async () => {
    // Arrange
    const admin = fakeTopicAdmin();
    const open = opener(admin);

    // Act
    const response = await kafkaTopicsTask(topicEvent('Create'), { openAdmin: open });

    // Assert
    expect(open).toHaveBeenCalledWith([
      'boot-a.kafka-serverless.eu-west-1.amazonaws.com:9098',
      'boot-b.kafka-serverless.eu-west-1.amazonaws.com:9098',
    ]);
    expect(admin.createTopics).toHaveBeenCalledWith({
      topics: [{ topic: 'app.events', numPartitions: 6 }],
      waitForLeaders: true,
    });
    expect(response).toEqual({
      PhysicalResourceId: 'app.events',
      Data: { TopicName: 'app.events', Partitions: 6 },
    });
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });

  it('on Update with more partitions raises the count', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ 'app.events': 6 });

    // Act
    const response = await kafkaTopicsTask(topicEvent('Update', { Partitions: '8' }), {
      openAdmin: opener(admin),
    });

    // Assert
    expect(admin.createPartitions).toHaveBeenCalledWith({
      topicPartitions: [{ topic: 'app.events', count: 8 }],
    });
    expect(response.Data).toEqual({ TopicName: 'app.events', Partitions: 8 });
  });

  it('on Update with a new topic name creates that topic under a new physical id (CloudFormation then deletes the old id)', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ 'app.events': 6 });

    // Act
    const response = await kafkaTopicsTask(topicEvent('Update', { TopicName: 'app.events.v2' }), {
      openAdmin: opener(admin),
    });

    // Assert
    expect(admin.createTopics).toHaveBeenCalledWith({
      topics: [{ topic: 'app.events.v2', numPartitions: 6 }],
      waitForLeaders: true,
    });
    expect(response.PhysicalResourceId).toBe('app.events.v2');
  });

  it('on Update with fewer partitions fails and still disconnects', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ 'app.events': 6 });

    // Act
    const result = kafkaTopicsTask(topicEvent('Update', { Partitions: '3' }), { openAdmin: opener(admin) });

    // Assert
    await expect(result).rejects.toThrow(/cannot remove partitions/);
    expect(admin.disconnect).toHaveBeenCalledTimes(1);
  });

  it('on Delete keeps the topic: no connection, no admin call, the same physical id', async () => {
    // Arrange
    const admin = fakeTopicAdmin({ 'app.events': 6 });
    const open = opener(admin);

    // Act
    const response = await kafkaTopicsTask(topicEvent('Delete'), { openAdmin: open });

    // Assert
    expect(open).not.toHaveBeenCalled();
    expect(response).toEqual({ PhysicalResourceId: 'app.events' });
  });

  it('refuses a partition count that is not a positive whole number before connecting', async () => {
    // Arrange
    const open = opener(fakeTopicAdmin());

    // Act
    const result = kafkaTopicsTask(topicEvent('Create', { Partitions: 'six' }), { openAdmin: open });

    // Assert
    await expect(result).rejects.toThrow(/Partitions/);
    expect(open).not.toHaveBeenCalled();
  });

  it('refuses a request type CloudFormation does not send, naming it, before connecting', async () => {
    // Arrange
    const open = opener(fakeTopicAdmin());

    // Act
    const result = kafkaTopicsTask({ ...topicEvent('Create'), RequestType: 'Replace' }, { openAdmin: open });

    // Assert
    await expect(result).rejects.toThrow(/RequestType/);
    expect(open).not.toHaveBeenCalled();
  });
});
