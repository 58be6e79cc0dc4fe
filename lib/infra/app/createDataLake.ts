import type { App, Environment } from 'aws-cdk-lib';
import type { DataLakeConfig } from '../../config';
import { stackName } from '../../core/naming';
import { EventsStack } from '../stacks/EventsStack';
import { FoundationStack } from '../stacks/FoundationStack';
import { SourceStack } from '../stacks/SourceStack';

/** The stacks of one lake. */
export interface DataLakeStacks {
  readonly foundation: FoundationStack;
  /** One stack per source, in config order. */
  readonly sources: readonly SourceStack[];
  /** The client events stack; only when the config has streams. */
  readonly events?: EventsStack;
}

/**
 * Builds every stack of the lake described by `config` into `app`. Stack names
 * come from the lake name, so two lakes deploy side by side in one account.
 *
 * @example
 * ```ts
 * const app = new App();
 * createDataLake(app, loadConfig('lake.yaml'), { account: '111122223333', region: 'eu-west-1' });
 * ```
 */
export function createDataLake(app: App, config: DataLakeConfig, env: Environment): DataLakeStacks {
  const foundationName = stackName(config.name, { kind: 'foundation' });
  const foundation = new FoundationStack(app, foundationName, {
    stackName: foundationName,
    env,
    config,
    description: `Data lake ${config.name}: network, encrypted storage, Glue catalog, Athena workgroup`,
  });
  const sources = config.sources.map((source) => {
    const name = stackName(config.name, { kind: 'source', source: source.name });
    return new SourceStack(app, name, {
      stackName: name,
      env,
      config,
      source,
      foundation,
      description: `Data lake ${config.name}: source "${source.name}" (${source.engine}) read replicas, snapshot export and pipeline`,
    });
  });
  const events = config.streams.length > 0 ? eventsStack(app, config, env, foundation) : undefined;
  return { foundation, sources, events };
}

function eventsStack(
  app: App,
  config: DataLakeConfig,
  env: Environment,
  foundation: FoundationStack,
): EventsStack {
  const name = stackName(config.name, { kind: 'events' });
  return new EventsStack(app, name, {
    stackName: name,
    env,
    config,
    foundation,
    description: `Data lake ${config.name}: client event streams, MSK Serverless topics, relay and archive`,
  });
}
