import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { StateMachine as LocalStateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { DataLakeError, TaskTimeoutError } from '../core/errors';
import { withDeadline } from '../core/withDeadline';

/** A JSON value, as aws-local-stepfunctions passes between states (its own type is not exported). */
export type JSONValue = Parameters<LocalStateMachine['run']>[0];

/** One event of a local execution's history (its own type is not exported). */
export type LocalExecutionEvent =
  ReturnType<LocalStateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A local stand-in for a Lambda or an SDK call: gets the task's input, returns its result or throws. */
export type LocalTaskHandler = (input: JSONValue) => Promise<JSONValue> | JSONValue;

/** How one local execution ended. */
export type LocalExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: JSONValue }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

/** What the tasks of a local execution run. */
export interface RunStateMachineOptions {
  /** The handler of each Lambda the definition invokes. */
  readonly lambdas: ReadonlyMap<IFunction, LocalTaskHandler>;
  /** SDK integration stand-ins keyed `<service>:<action>`, e.g. `rds:startExportTask`. */
  readonly sdk: Readonly<Record<string, LocalTaskHandler>>;
  /**
   * What `Ref` of a resource resolves to, keyed by the resource: e.g. a bucket → its local bucket
   * name. Other references resolve to the logical id.
   *
   * @default - none
   */
  readonly refs?: ReadonlyMap<CfnElement, string>;
  /**
   * The execution's start time, ISO 8601: what `$$.Execution.StartTime` gives, to paths and
   * intrinsics alike.
   *
   * @default - now
   */
  readonly startTime?: string;
  /**
   * Called with each event of the execution's history (states entered and exited with their
   * input and output, Map iterations, the execution's end), e.g. to measure payload sizes.
   *
   * @default - the history is not read
   */
  readonly onEvent?: (event: LocalExecutionEvent) => void;
}

/** A definition's states by name; each read through {@link fieldsOf}. */
type StatesMap = Record<string, object>;

/** A state's fields, to read (a shallow copy: changes go through the states map). */
function fieldsOf(state: object): Record<string, unknown> {
  return { ...state };
}

/**
 * The local tasks an execution has started and not yet settled. A failed execution ends while
 * tasks of other branches or Map iterations still run (a promise cannot be cancelled); waiting for
 * them lets the caller close what they use — a DuckDB connection closed under a running query
 * deadlocks DuckDB — and keeps a task from writing after its run has been reported.
 */
class RunningTasks {
  private readonly tasks = new Set<Promise<JSONValue>>();
  private ended = false;

  /**
   * `handler`, with each call counted as running until it settles; once the execution has ended,
   * a call fails without running (a failed Map still starts its queued iterations and retries).
   */
  public track(handler: LocalTaskHandler): LocalTaskHandler {
    return (input) => {
      const task = Promise.resolve().then(() => {
        if (this.ended) throw new DataLakeError('Local state machine: the execution has ended');
        return handler(input);
      });
      this.tasks.add(task);
      const forget = () => this.tasks.delete(task);
      task.then(forget, forget);
      return task;
    };
  }

  /** Refuses tasks from now on, then resolves once no task runs. */
  public async settled(): Promise<void> {
    this.ended = true;
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}

/** The resource of the Step Functions AWS SDK integrations. */
const SDK_RESOURCE = /^arn:aws:states:::aws-sdk:([a-z0-9]+):([A-Za-z0-9]+)$/;
/** The resource of the ItemReader that reads a JSON array of items from an S3 object. */
const GET_OBJECT_READER = 'arn:aws:states:::s3:getObject';
/**
 * The field of the state data where the rewritten ItemReader puts the items: local only, a
 * Distributed Map on AWS reads them outside the state data.
 */
export const LOCAL_ITEMS_FIELD = '__items';
const ITEMS_PATH = `$.${LOCAL_ITEMS_FIELD}`;

/** aws-local-stepfunctions 3 calls `Promise.withResolvers` (ES2024, Node 22); Node 20 lacks it. */
function ensurePromiseWithResolvers(): void {
  if (Reflect.get(Promise, 'withResolvers') !== undefined) return;
  Reflect.set(Promise, 'withResolvers', () => {
    let resolve: (value: unknown) => void = () => undefined;
    let reject: (reason?: unknown) => void = () => undefined;
    const created = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: created, resolve, reject };
  });
}

/** Calls `visit` for every state, nested ones included (Parallel branches, Map processors). */
function forEachState(
  states: StatesMap,
  visit: (name: string, state: Record<string, unknown>) => void,
): void {
  for (const [name, state] of Object.entries(states)) {
    const fields = fieldsOf(state);
    visit(name, fields);
    for (const nested of nestedStates(fields)) forEachState(nested, visit);
  }
}

function nestedStates(state: Record<string, unknown>): StatesMap[] {
  const branches = (state.Branches as { States: StatesMap }[] | undefined) ?? [];
  const processor = (state.ItemProcessor ?? state.Iterator) as { States: StatesMap } | undefined;
  return [...branches, ...(processor ? [processor] : [])].map((nested) => nested.States);
}

/**
 * aws-local-stepfunctions has no Distributed Map ItemReader: each Map reading a JSON array from
 * S3 becomes a Task of the same name calling the `s3:getObject` stand-in (which returns the
 * parsed array) into `$.__items`, then the Map over `$.__items`.
 */
function rewriteItemReaders(states: StatesMap): void {
  for (const [name, found] of Object.entries(states)) {
    const state = fieldsOf(found);
    for (const nested of nestedStates(state)) rewriteItemReaders(nested);
    const reader = state.ItemReader as
      | { Resource: string; Parameters: Record<string, unknown>; ReaderConfig?: { InputType?: string } }
      | undefined;
    if (reader === undefined) continue;
    if (reader.Resource !== GET_OBJECT_READER || reader.ReaderConfig?.InputType !== 'JSON') {
      throw new DataLakeError(
        `Local state machine: state "${name}" reads items with ${reader.Resource} (${reader.ReaderConfig?.InputType}); only a JSON ${GET_OBJECT_READER} runs locally`,
      );
    }
    const { ItemReader: _reader, ...map } = state;
    const mapName = `${name} (items)`;
    states[mapName] = { ...map, ItemsPath: ITEMS_PATH };
    states[name] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
      Parameters: reader.Parameters,
      ResultPath: ITEMS_PATH,
      ...(state.Catch === undefined ? {} : { Catch: state.Catch }),
      Next: mapName,
    };
  }
}

/**
 * The function's timeout in seconds as deployed: its template's `Timeout`, else Lambda's default of
 * 3 s ("Configure Lambda function timeout", https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
 */
export function functionTimeoutSeconds(fn: IFunction): number {
  const timeout: unknown = Stack.of(fn).resolve((fn.node.defaultChild as CfnFunction).timeout);
  return typeof timeout === 'number' ? timeout : 3;
}

/**
 * `handler`, failing with TaskTimeoutError once a call has run `timeoutSeconds`, as Lambda stops
 * a function at its timeout. The late call is left to finish on its own (a promise cannot be
 * cancelled); the execution no longer waits for it.
 */
function withTaskDeadline(
  handler: LocalTaskHandler,
  deadline: { state: string; functionId: string; timeoutSeconds: number },
): LocalTaskHandler {
  return (input) =>
    withDeadline(
      Promise.resolve().then(() => handler(input)),
      deadline.timeoutSeconds * 1000,
      () => new TaskTimeoutError(deadline),
    );
}

/** The fake ARN a definition gives the Lambda function of logical id `logicalId`. */
function lambdaArn(logicalId: string, env: { account: string; region: string }): string {
  return `arn:aws:lambda:${env.region}:${env.account}:function:${logicalId}`;
}

/** `Date` with "now" at `now` (epoch ms); every other use as the real one. */
function dateAt(RealDate: DateConstructor, now: number): DateConstructor {
  return new Proxy(RealDate, {
    apply: () => new RealDate(now).toString(),
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length === 0 ? [now] : args, newTarget) as object,
    get: (target, property, receiver) =>
      property === 'now' ? () => now : Reflect.get(target, property, receiver),
  });
}

/**
 * Starts an execution with "now" at `startTime`. aws-local-stepfunctions 3 sets
 * `$$.Execution.StartTime` to `new Date()` when a run starts, ignoring the context given to it,
 * and does so before its first `await`: replacing `Date` around the call alone fixes the start
 * time, for paths and intrinsics, and nothing else.
 */
function atStartTime<T>(startTime: string | undefined, start: () => T): T {
  if (startTime === undefined) return start();
  const RealDate = globalThis.Date;
  globalThis.Date = dateAt(RealDate, new RealDate(startTime).getTime());
  try {
    return start();
  } finally {
    globalThis.Date = RealDate;
  }
}

/**
 * The definition of a state machine as CloudFormation would deploy it (resolved from its stack;
 * build the app with bundling skipped), its intrinsics resolved to stable fake values; nothing
 * rewritten. A Lambda's `Fn::GetAtt [X, Arn]` is `arn:aws:lambda:<region>:<account>:function:X`
 * (other attributes `X.<attribute>`), `Ref` of a resource in `refs` gives the mapped value (local
 * bucket names), other `Ref`s the logical id, `Fn::ImportValue` (a value of another stack, once
 * the app is synthesized) the export's name.
 *
 * @param refs - what `Ref` of a resource resolves to, keyed by the resource
 * @throws DataLakeError when the definition holds an intrinsic it cannot resolve
 * @example
 * ```ts
 * const { States } = synthesizedDefinition(pipeline.stateMachine);
 * ```
 */
export function synthesizedDefinition(
  stateMachine: StateMachine,
  refs: ReadonlyMap<CfnElement, string> = new Map(),
): StateMachineDefinition {
  const cfn = stateMachine.node.defaultChild as CfnStateMachine;
  const resolve = localResolver(Stack.of(stateMachine), refs);
  return JSON.parse(resolve(Stack.of(stateMachine).resolve(cfn.definitionString))) as StateMachineDefinition;
}

/**
 * A function's environment as CloudFormation would deploy it, its intrinsics resolved as
 * {@link synthesizedDefinition} resolves them (`refs` give the local names of buckets and
 * databases): local mode parses a task's settings from what the construct sets, not a copy.
 *
 * @example
 * ```ts
 * const settings = parseTaskSettings(commitSettingsSchema, localFunctionEnvironment(pipeline.commitFunction, refs));
 * ```
 */
export function localFunctionEnvironment(
  fn: IFunction,
  refs: ReadonlyMap<CfnElement, string> = new Map(),
): Record<string, string> {
  const stack = Stack.of(fn);
  const cfn = fn.node.defaultChild as CfnFunction;
  const environment = stack.resolve(cfn.environment) as { variables?: Record<string, unknown> } | undefined;
  const resolve = localResolver(stack, refs);
  return Object.fromEntries(
    Object.entries(environment?.variables ?? {}).map(([key, value]) => [key, resolve(value)]),
  );
}

/** Resolves a template value of `stack` to text: the resolution of {@link synthesizedDefinition}. */
function localResolver(stack: Stack, refs: ReadonlyMap<CfnElement, string>): (value: unknown) => string {
  const env = { account: stack.account, region: stack.region };
  const refsById = new Map([...refs].map(([e, v]) => [stack.getLogicalId(e), v]));
  const resolveIntrinsic = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    const node = value as Record<string, unknown>;
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map(resolveIntrinsic).join(separator);
    }
    if ('Ref' in node) {
      const ref = String(node.Ref);
      const pseudo: Record<string, string> = {
        'AWS::Partition': 'aws',
        'AWS::Region': env.region,
        'AWS::AccountId': env.account,
        'AWS::URLSuffix': 'amazonaws.com',
      };
      return pseudo[ref] ?? refsById.get(ref) ?? ref;
    }
    if ('Fn::GetAtt' in node) {
      const [id, attribute] = node['Fn::GetAtt'] as [string, string];
      return attribute === 'Arn' ? lambdaArn(id, env) : `${id}.${attribute}`;
    }
    if ('Fn::ImportValue' in node) return String(node['Fn::ImportValue']);
    throw new DataLakeError(`Local state machine: cannot resolve ${JSON.stringify(value)}`);
  };
  return resolveIntrinsic;
}

/**
 * Runs one execution of a synthesized state machine in-process with aws-local-stepfunctions:
 * the definition CloudFormation would deploy (resolved from the stack; build the app with
 * bundling skipped), with every Task answered locally — a Lambda task by the handler registered
 * for its function, an SDK integration (`arn:aws:states:::aws-sdk:<service>:<action>`) by the
 * stand-in registered as `<service>:<action>`. Wait states and retry backoffs take 0 ms.
 *
 * The definition is {@link synthesizedDefinition}'s, with each Map reading a JSON array of items
 * from S3 split into a Task calling the `s3:getObject` stand-in and the Map. `startTime` fixes
 * `$$.Execution.StartTime` (the run id derived from it too). It settles only once every task it
 * started has, also when the execution failed while other branches were still running.
 *
 * @throws DataLakeError when the definition holds an intrinsic or ItemReader it cannot run
 * @example
 * ```ts
 * const result = await runStateMachine(pipeline.stateMachine, { runId }, {
 *   lambdas: new Map([[pipeline.planFunction, plan], [pipeline.transformFunction, transform], [pipeline.commitFunction, commit]]),
 *   sdk: { 'rds:startExportTask': () => ({}) },
 * });
 * ```
 */
export async function runStateMachine(
  stateMachine: StateMachine,
  input: JSONValue,
  options: RunStateMachineOptions,
): Promise<LocalExecutionResult> {
  ensurePromiseWithResolvers();
  const stack = Stack.of(stateMachine);
  const env = { account: stack.account, region: stack.region };
  const cfn = stateMachine.node.defaultChild as CfnStateMachine;
  const definition = synthesizedDefinition(stateMachine, options.refs);
  const states: StatesMap = definition.States;
  rewriteItemReaders(states);

  const byArn = new Map(
    [...options.lambdas].map(([fn, handler]) => {
      const functionId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
      return [
        lambdaArn(functionId, env),
        { handler, functionId, timeoutSeconds: functionTimeoutSeconds(fn) },
      ];
    }),
  );
  const running = new RunningTasks();
  const taskResourceLocalHandlers: Record<string, LocalTaskHandler> = {};
  const waitTimeOverrides: Record<string, number> = {};
  const retryIntervalOverrides: Record<string, number> = {};
  forEachState(states, (name, state) => {
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (state.Retry !== undefined) retryIntervalOverrides[name] = 0;
    if (state.Type !== 'Task') return;
    const resource = String(state.Resource);
    const sdk = SDK_RESOURCE.exec(resource);
    const lambda = byArn.get(resource);
    const handler = sdk
      ? options.sdk[`${sdk[1]}:${sdk[2]}`]
      : lambda && withTaskDeadline(lambda.handler, { state: name, ...lambda });
    taskResourceLocalHandlers[name] = running.track(
      handler ??
        (() => {
          throw new DataLakeError(`Local state machine: no local handler for task "${name}" (${resource})`);
        }),
    );
  });

  const stateMachineArn = `arn:aws:states:${env.region}:${env.account}:stateMachine:${cfn.stateMachineName ?? stack.getLogicalId(cfn)}`;
  const machine = new LocalStateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = atStartTime(options.startTime, () =>
    machine.run(input, {
      overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
      context: {
        Execution: { Id: `${stateMachineArn}:local`, Name: 'local' },
        StateMachine: { Id: stateMachineArn, Name: cfn.stateMachineName ?? 'local' },
      },
    }),
  );
  const history =
    options.onEvent === undefined ? undefined : readHistory(execution.eventLogs, options.onEvent);
  try {
    return { status: 'SUCCEEDED', output: await execution.result };
  } catch (error) {
    const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    if (!(failure instanceof Error)) throw error;
    return { status: 'FAILED', error: failure.name, cause: failure.message };
  } finally {
    await running.settled();
    await history;
  }
}

/** Passes every event of an execution's history to `onEvent`, until the execution ends. */
async function readHistory(
  events: AsyncGenerator<LocalExecutionEvent>,
  onEvent: (event: LocalExecutionEvent) => void,
): Promise<void> {
  for await (const event of events) onEvent(event);
}
