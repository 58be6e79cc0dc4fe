import type { DeployRule, DeployRuleViolation } from './DeployRule';
import { definitionText } from './definitionText';
import { resourcesOfType } from './SynthesizedStack';
import { TemplateValues } from './TemplateValues';

/** asl-validator 4.0.0 ships no type declarations. */
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = require('asl-validator') as AslValidator;

/** The fields whose value names a state. */
const STATE_REFERENCES = new Set(['StartAt', 'Next', 'Default']);

/** Step Functions: a state's name is at most 80 characters. */
const STATE_NAME_CHARACTERS = 80;

interface StatesJson {
  readonly StartAt?: string;
  readonly States?: Record<string, Record<string, unknown>>;
}

/**
 * Every state machine definition is valid Amazon States Language (asl-validator: state
 * types, fields, transitions, JSONPaths) and its state names fit Step Functions' 80
 * characters; CreateStateMachine rejects a definition that is not.
 */
export const stateMachineDefinitions: DeployRule = {
  id: 'state-machine-definitions',
  documentation: 'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html',
  check(stacks) {
    const values = new TemplateValues(stacks);
    const machines = stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::StepFunctions::StateMachine').map(([logicalId, machine]) => ({
        stack: stack.stackName,
        logicalId,
        definition: JSON.parse(
          definitionText(values, stack.stackName, machine.Properties?.DefinitionString),
        ) as StatesJson,
      })),
    );
    // asl-validator compiles its schemas on every call (about half a second): validate all the
    // definitions at once, as branches of one Parallel state, and each on its own only if that fails.
    const invalid = allValid(machines.map((machine) => machine.definition))
      ? []
      : machines.flatMap(({ stack, logicalId, definition }) => {
          const result = aslValidator(structuredClone(definition));
          return result.isValid
            ? []
            : [
                {
                  stack,
                  logicalId,
                  message: `definition is not valid Amazon States Language: ${result.errorsText('; ')}`,
                },
              ];
        });
    const longNames = machines.flatMap(({ stack, logicalId, definition }) =>
      stateNames(definition)
        .filter((name) => [...name].length > STATE_NAME_CHARACTERS)
        .map((name) => ({
          stack,
          logicalId,
          message: `state name "${name}" is longer than ${STATE_NAME_CHARACTERS} characters`,
        })),
    );
    return [...invalid, ...longNames].map(
      ({ stack, logicalId, message }): DeployRuleViolation => ({
        rule: stateMachineDefinitions.id,
        stack,
        resource: logicalId,
        message,
      }),
    );
  },
};

/** Whether every definition is valid, checked in one asl-validator call. */
function allValid(definitions: readonly StatesJson[]): boolean {
  if (definitions.length === 0) return true;
  // State names must be unique across the whole document, so each definition's get a prefix.
  const branches = definitions.map(({ StartAt, States }, index) =>
    prefixStateNames({ StartAt, States }, `${index}:`),
  );
  return aslValidator({
    StartAt: 'All',
    States: { All: { Type: 'Parallel', Branches: branches, End: true } },
  }).isValid;
}

/** A copy of `node` with every state name, and every reference to one, prefixed with `prefix`. */
function prefixStateNames(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((item) => prefixStateNames(item, prefix));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === 'States' && value !== null && typeof value === 'object') {
        return [
          key,
          Object.fromEntries(
            Object.entries(value).map(([name, state]) => [
              `${prefix}${name}`,
              prefixStateNames(state, prefix),
            ]),
          ),
        ];
      }
      if (STATE_REFERENCES.has(key) && typeof value === 'string') return [key, `${prefix}${value}`];
      return [key, prefixStateNames(value, prefix)];
    }),
  );
}

function stateNames(machine: StatesJson): string[] {
  return Object.entries(machine.States ?? {}).flatMap(([name, state]) => [
    name,
    ...[
      ...((state.Branches as StatesJson[] | undefined) ?? []),
      ...[state.ItemProcessor, state.Iterator].filter((inner): inner is StatesJson => inner !== undefined),
    ].flatMap(stateNames),
  ]);
}
