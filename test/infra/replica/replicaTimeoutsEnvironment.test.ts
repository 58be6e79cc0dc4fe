type StateFields = { Retry?: { ErrorEquals: string[] }[] } & Record<string, unknown>;

/** Every state of a definition by name, nested ones (Parallel branches, Map processors) included. */
function statesOf(node: unknown, found: Record<string, StateFields> = {}): Record<string, StateFields> {
  if (typeof node !== 'object' || node === null) return found;
  const states = Reflect.get(node, 'States') as Record<string, StateFields> | undefined;
  for (const [name, state] of Object.entries(states ?? {})) found[name] = state;
  for (const value of Object.values(node)) statesOf(value, found);
  return found;
}

/**
 * The source's `timeouts` reach the replica plan and the extract: the construct writes them into
 * both functions' environments, and each task's settings read them back, so the Lambdas and local
 * mode bound their replica sessions alike.
 */
import { DEFAULT_REPLICA_TIMEOUTS } from '../../../lib/core/extract';
import { localSourceStack } from '../../../lib/local/localSourceStack';
import { localFunctionEnvironment, synthesizedDefinition } from '../../../lib/local/runStateMachine';
import { extractSettingsSchema } from '../../../lib/tasks/extract/extractSettingsSchema';
import { replicaConnection } from '../../../lib/tasks/replicaConnectionSettings';
import { replicaPlanSettingsSchema } from '../../../lib/tasks/replicaPlan/replicaPlanSettingsSchema';
import { parseTaskSettings } from '../../../lib/tasks/taskSettings';
import { parsedConfig, validSource } from '../../helpers/configFactory';

function replicaPipelineOf(timeouts?: Record<string, number>) {
  const config = parsedConfig({
    sources: [
      validSource({
        defaultMode: 'replica-query',
        tables: [{ name: 'users', mode: 'replica-query' }],
        ...(timeouts === undefined ? {} : { timeouts }),
      }),
    ],
  });
  const { replica } = localSourceStack(config, config.sources[0] ?? fail('no source'));
  return replica ?? fail('no replica pipeline');
}

describe('replica session timeouts in the functions’ settings', () => {
  it('gives the plan and the extract the source’s timeouts, read back by their settings', () => {
    // Arrange
    const { pipeline, refs } = replicaPipelineOf({
      connectSeconds: 5,
      statementSeconds: 300,
      idleSeconds: 45,
    });

    // Act
    const plan = parseTaskSettings(
      replicaPlanSettingsSchema,
      localFunctionEnvironment(pipeline.planFunction, refs),
    );
    const extract = parseTaskSettings(
      extractSettingsSchema,
      localFunctionEnvironment(pipeline.extractFunction, refs),
    );

    // Assert
    const expected = { connectSeconds: 5, statementSeconds: 300, idleSeconds: 45 };
    expect(replicaConnection(plan).timeouts).toEqual(expected);
    expect(replicaConnection(extract).timeouts).toEqual(expected);
  });

  it('defaults to 10 s to connect, 540 s per statement and 120 s of silence', () => {
    // Arrange
    const { pipeline, refs } = replicaPipelineOf();

    // Act
    const environment = localFunctionEnvironment(pipeline.extractFunction, refs);

    // Assert
    expect(environment).toMatchObject({
      REPLICA_CONNECT_TIMEOUT_SECONDS: '10',
      REPLICA_STATEMENT_TIMEOUT_SECONDS: '540',
      REPLICA_IDLE_TIMEOUT_SECONDS: '120',
    });
    expect(DEFAULT_REPLICA_TIMEOUTS).toEqual({ connectSeconds: 10, statementSeconds: 540, idleSeconds: 120 });
  });

  it('retries a ReplicaSessionError in the lag check, the plan and each chunk (a session that timed out or died)', () => {
    // Arrange
    const { pipeline, refs } = replicaPipelineOf();

    // Act
    const states = statesOf(synthesizedDefinition(pipeline.stateMachine, refs));

    // Assert
    const retried = (name: string) =>
      (states[name]?.Retry ?? []).some((retry) => retry.ErrorEquals.includes('ReplicaSessionError'));
    const extracts = Object.keys(states).filter((name) => name.endsWith(': extract'));
    expect(extracts.length).toBeGreaterThan(0);
    expect(['Check the replica lag', 'Plan the run', ...extracts].filter((name) => !retried(name))).toEqual(
      [],
    );
  });
});
