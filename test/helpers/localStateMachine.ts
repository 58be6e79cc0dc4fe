/**
 * Runs a synthesized state machine definition in-process with aws-local-stepfunctions.
 *
 * The definition is taken from the template (what CloudFormation would deploy), its
 * intrinsics resolved to stable fake values: `Fn::GetAtt [X, Arn]` → an ARN naming the
 * logical id `X` (a Lambda's ARN is `arn:aws:lambda:<region>:<account>:function:X`),
 * `Ref X` → `X`, `Fn::ImportValue` → the export's name. Every Task runs locally:
 * - a Lambda task (its Resource is the function's ARN) runs the handler registered for
 *   that function — the real handler in the pipeline tests;
 * - an AWS SDK integration (`arn:aws:states:::aws-sdk:<service>:<action>`) runs the
 *   stand-in registered as `<service>:<action>`.
 * Wait states and retry backoffs take 0 ms.
 *
 * aws-local-stepfunctions 3.0.0 has no Distributed Map ItemReader. The harness rewrites
 * each Map with an S3 JSON ItemReader (`s3:getObject`, `ReaderConfig.InputType` JSON) into a
 * Task of the same name that calls the `s3:getObject` stand-in with the reader's parameters
 * (`{ Bucket, Key }`) into `$.__items`, followed by the Map itself iterating `$.__items`.
 * The stand-in returns the object's JSON array itself (not a GetObject response), so the
 * items are what the reader would hand out, and the Map keeps its ItemSelector and Catch.
 *
 * aws-local-stepfunctions 3.0.0 declares Node >= 22: its Task state calls
 * `Promise.withResolvers` (Node 22). On the project's Node 20 the harness installs the
 * standard's behaviour for it when missing (see {@link ensurePromiseWithResolvers}).
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { StateMachine as LocalStateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/** A JSON value, as aws-local-stepfunctions passes between states (its own type is not exported). */
export type JSONValue = Parameters<LocalStateMachine['run']>[0];

/** A local stand-in for a Lambda or an SDK call: gets the task's input, returns its result or throws. */
export type LocalTaskHandler = (input: JSONValue) => Promise<JSONValue> | JSONValue;

/** How one local execution ends. */
export type LocalExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: JSONValue }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

/** What a local execution runs. */
export interface LocalRunOptions {
  /** Lambda handlers keyed by the fake ARN of their function, see {@link LocalDefinition.functionArn}. */
  readonly lambdas: ReadonlyMap<string, LocalTaskHandler>;
  /** SDK integration stand-ins keyed `<service>:<action>`, e.g. `rds:startExportTask`. */
  readonly sdk: Readonly<Record<string, LocalTaskHandler>>;
  /**
   * The execution's start time (`$$.Execution.StartTime`), ISO 8601.
   *
   * @default - now
   */
  readonly startTime?: string;
}

type StatesMap = Record<string, Record<string, unknown>>;

/** The resource prefix of the Step Functions AWS SDK integrations. */
const SDK_RESOURCE = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/;
/** The resource of the ItemReader that reads an S3 object. */
const GET_OBJECT_READER = 'arn:aws:states:::s3:getObject';
/** Where the rewritten ItemReader puts the items. */
const ITEMS_PATH = '$.__items';

interface ItemReader {
  readonly Resource: string;
  readonly ReaderConfig?: { readonly InputType?: string };
  readonly Parameters: Record<string, unknown>;
}

/**
 * A synthesized state machine, runnable locally.
 *
 * @example
 * ```ts
 * const local = localDefinition(pipeline.stateMachine);
 * const result = await local.run({}, {
 *   lambdas: new Map([[local.functionArn(pipeline.planFunction), planHandler]]),
 *   sdk: { 'rds:startExportTask': () => ({}) },
 * });
 * ```
 */
export interface LocalDefinition {
  /** The definition after resolution and the ItemReader rewrite. */
  readonly definition: StateMachineDefinition;
  /** The fake ARN the definition uses for the function. */
  functionArn(fn: IFunction): string;
  /** Runs one execution to its end. */
  run(input: JSONValue, options: LocalRunOptions): Promise<LocalExecutionResult>;
}

/** Adds `Promise.withResolvers` (ES2024) where the runtime lacks it, as the standard defines it. */
function ensurePromiseWithResolvers(): void {
  const promise = Promise as unknown as { withResolvers?: () => unknown };
  if (promise.withResolvers !== undefined) return;
  promise.withResolvers = () => {
    let resolve: (value: unknown) => void = () => undefined;
    let reject: (reason?: unknown) => void = () => undefined;
    const created = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: created, resolve, reject };
  };
}

/**
 * The state machine's definition as its stack's template holds it, intrinsics resolved
 * to the fake values described above; nothing rewritten.
 */
export function synthesizedDefinition(stateMachine: StateMachine): StateMachineDefinition {
  const stack = Stack.of(stateMachine);
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Properties: unknown }>;
  };
  const logicalId = stack.getLogicalId(stateMachine.node.defaultChild as CfnStateMachine);
  const properties = template.Resources[logicalId]?.Properties as { DefinitionString: unknown };
  const env = { account: stack.account, region: stack.region };
  return JSON.parse(resolveIntrinsic(properties.DefinitionString, env)) as StateMachineDefinition;
}

/** Builds the {@link LocalDefinition} of a state machine from its stack's template. */
export function localDefinition(stateMachine: StateMachine): LocalDefinition {
  ensurePromiseWithResolvers();
  const stack = Stack.of(stateMachine);
  const { account, region } = stack;
  const logicalId = stack.getLogicalId(stateMachine.node.defaultChild as CfnStateMachine);
  const definition = synthesizedDefinition(stateMachine);
  rewriteItemReaders(definition.States as unknown as StatesMap);
  const stateMachineArn = `arn:aws:states:${region}:${account}:stateMachine:${logicalId}`;

  return {
    definition,
    functionArn: (fn) =>
      lambdaArn(stack.getLogicalId(fn.node.defaultChild as CfnFunction), { account, region }),
    run: async (input, options) => {
      const states = definition.States as unknown as StatesMap;
      const taskResourceLocalHandlers: Record<string, LocalTaskHandler> = {};
      const waitTimeOverrides: Record<string, number> = {};
      const retryIntervalOverrides: Record<string, number> = {};
      forEachState(states, (name, state) => {
        if (state.Type === 'Task') taskResourceLocalHandlers[name] = taskHandler(name, state, options);
        if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
        if (state.Retry !== undefined) retryIntervalOverrides[name] = 0;
      });
      const machine = new LocalStateMachine(definition, { validationOptions: { checkArn: false } });
      const execution = atStartTime(options.startTime, () =>
        machine.run(input, {
          overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
          context: {
            Execution: { Id: `${stateMachineArn}:local`, Name: 'local' },
            StateMachine: { Id: stateMachineArn, Name: logicalId },
          },
        }),
      );
      try {
        return { status: 'SUCCEEDED', output: await execution.result };
      } catch (error) {
        const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        if (!(failure instanceof Error)) throw error;
        return { status: 'FAILED', error: failure.name, cause: failure.message };
      }
    },
  };
}

type ModernFakeTimers = Extract<Parameters<typeof jest.useFakeTimers>[0], { doNotFake?: unknown }>;

/** Every timer API, so that faking "now" fakes only `Date`. */
const REAL_TIMERS: NonNullable<ModernFakeTimers['doNotFake']> = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

/**
 * Starts the execution with `Date` at `startTime`. aws-local-stepfunctions 3.0.0 sets
 * `$$.Execution.StartTime` to `new Date()` when a run starts, ignoring the context given
 * to it, and it does so before its first `await`: faking only `Date` around the call fixes
 * the start time and nothing else.
 */
function atStartTime<T>(startTime: string | undefined, start: () => T): T {
  if (startTime === undefined) return start();
  jest.useFakeTimers({ now: new Date(startTime), doNotFake: REAL_TIMERS });
  try {
    return start();
  } finally {
    jest.useRealTimers();
  }
}

function lambdaArn(logicalId: string, env: { account: string; region: string }): string {
  return `arn:aws:lambda:${env.region}:${env.account}:function:${logicalId}`;
}

/** Flattens the intrinsics CDK writes into a definition string. */
function resolveIntrinsic(value: unknown, env: { account: string; region: string }): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolveIntrinsic(part, env)).join(separator);
  }
  if ('Ref' in node) {
    const ref = node.Ref as string;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return env.region;
    if (ref === 'AWS::AccountId') return env.account;
    return ref;
  }
  if ('Fn::GetAtt' in node) {
    const [id, attribute] = node['Fn::GetAtt'] as [string, string];
    if (attribute === 'Arn') return lambdaArn(id, env);
    return `${id}.${attribute}`;
  }
  // A value of another stack (e.g. the foundation's buckets): its export's name.
  if ('Fn::ImportValue' in node) return String(node['Fn::ImportValue']);
  throw new Error(`localStateMachine: cannot resolve ${JSON.stringify(value)} in the definition`);
}

/** Calls `visit` for every state, nested ones included (Parallel branches, Map processors). */
function forEachState(
  states: StatesMap,
  visit: (name: string, state: Record<string, unknown>) => void,
): void {
  for (const [name, state] of Object.entries(states)) {
    visit(name, state);
    const branches = (state.Branches as { States: StatesMap }[] | undefined) ?? [];
    const processor = (state.ItemProcessor ?? state.Iterator) as { States: StatesMap } | undefined;
    for (const nested of processor ? [...branches, processor] : branches) forEachState(nested.States, visit);
  }
}

/** Splits each Map with an S3 JSON ItemReader into a Task reading the items and the Map. */
function rewriteItemReaders(states: StatesMap): void {
  forEachState(states, (name, state) => {
    const reader = state.ItemReader as ItemReader | undefined;
    if (reader === undefined) return;
    if (reader.Resource !== GET_OBJECT_READER || reader.ReaderConfig?.InputType !== 'JSON') {
      throw new Error(
        `localStateMachine: state "${name}" reads items with ${reader.Resource} (${reader.ReaderConfig?.InputType}); only a JSON ${GET_OBJECT_READER} is emulated`,
      );
    }
  });
  for (const container of collectContainers(states)) {
    for (const [name, state] of Object.entries(container)) {
      const reader = state.ItemReader as ItemReader | undefined;
      if (reader === undefined) continue;
      const mapName = `${name} (items)`;
      const { ItemReader: _reader, ...map } = state;
      container[mapName] = { ...map, ItemsPath: ITEMS_PATH };
      container[name] = {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
        Parameters: reader.Parameters,
        ResultPath: ITEMS_PATH,
        ...(state.Catch === undefined ? {} : { Catch: state.Catch }),
        Next: mapName,
      };
    }
  }
}

function collectContainers(states: StatesMap): StatesMap[] {
  const containers: StatesMap[] = [states];
  for (const state of Object.values(states)) {
    const branches = (state.Branches as { States: StatesMap }[] | undefined) ?? [];
    const processor = (state.ItemProcessor ?? state.Iterator) as { States: StatesMap } | undefined;
    for (const nested of processor ? [...branches, processor] : branches) {
      containers.push(...collectContainers(nested.States));
    }
  }
  return containers;
}

function taskHandler(
  name: string,
  state: Record<string, unknown>,
  options: LocalRunOptions,
): LocalTaskHandler {
  const resource = String(state.Resource);
  const sdk = SDK_RESOURCE.exec(resource);
  const handler = sdk ? options.sdk[`${sdk[1]}:${sdk[2]}`] : options.lambdas.get(resource);
  if (handler !== undefined) return handler;
  return () => {
    throw new Error(`localStateMachine: no local handler for task "${name}" (${resource})`);
  };
}
