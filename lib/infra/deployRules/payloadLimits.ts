import type { DeployRule, DeployRuleViolation } from './DeployRule';
import { definitionText } from './definitionText';
import { resourcesOfType, type SynthesizedStack } from './SynthesizedStack';
import { lengthOf, TemplateValues } from './TemplateValues';

const KiB = 1024;

/** Lambda quotas: all of a function's environment variables together, keys included. */
export const LAMBDA_ENVIRONMENT_BYTES = 4 * KiB;
/** Step Functions quotas: the input or output of a state, task or execution. */
export const STATE_PAYLOAD_BYTES = 256 * KiB;
/** Step Functions quotas: an API request, so a state machine definition, at most 1 MB. */
export const STATE_MACHINE_DEFINITION_BYTES = 1024 * KiB;
/** EventBridge PutTargets: a target's constant `Input`. */
export const EVENT_TARGET_INPUT_CHARACTERS = 8192;
/** CloudFormation quotas: a template uploaded to S3, and the outputs it may declare (aws-cdk-lib checks the 500 resources itself). */
export const TEMPLATE_BYTES = 1024 * KiB;
export const TEMPLATE_OUTPUTS = 200;
/**
 * "AWS DMS can only process table mapping JSON files up to 2 MB in size" ("Specifying table
 * selection and transformations rules using JSON", AWS DMS User Guide).
 */
export const DMS_TABLE_MAPPINGS_BYTES = 2 * 1024 * KiB;

/** Environment variables Lambda sets itself; a function may not set them (Lambda: "Defined runtime environment variables"). */
const RESERVED_LAMBDA_VARIABLES = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** The keys of a state whose constant JSON becomes (part of) the state's input or output. */
const STATIC_PAYLOAD_FIELDS = [
  'Parameters',
  'Arguments',
  'Result',
  'ItemSelector',
  'ResultSelector',
  'Output',
];

/**
 * Sizes AWS caps, checked where the templates fix them: Lambda environments (4 KB, no
 * reserved names), state machine definitions (1 MB) and the constant payload of each state
 * (256 KiB: a state's input or output can never be smaller than what its definition writes),
 * EventBridge target inputs (8,192 characters), and the templates themselves (1 MB, 200
 * outputs). Values only known at deploy time count at a generous estimate.
 */
export const payloadLimits: DeployRule = {
  id: 'payload-limits',
  documentation:
    'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html, https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.html',
  check(stacks) {
    const values = new TemplateValues(stacks);
    return stacks.flatMap((stack) => [
      ...templateViolations(stack),
      ...lambdaEnvironmentViolations(stack, values),
      ...stateMachineViolations(stack, values),
      ...eventTargetViolations(stack, values),
      ...dmsTableMappingsViolations(stack),
    ]);
  },
};

/** DMS replication table mappings within 2 MB of JSON (the lake writes them as constants). */
function dmsTableMappingsViolations(stack: SynthesizedStack): DeployRuleViolation[] {
  return resourcesOfType(stack, 'AWS::DMS::ReplicationConfig').flatMap(([logicalId, replication]) => {
    const mappings = replication.Properties?.TableMappings;
    const bytes = Buffer.byteLength(typeof mappings === 'string' ? mappings : JSON.stringify(mappings ?? {}));
    return bytes > DMS_TABLE_MAPPINGS_BYTES
      ? [
          violation(
            stack,
            `table mappings take ${bytes} bytes of JSON; DMS processes at most ${DMS_TABLE_MAPPINGS_BYTES} (split the source's cdc tables)`,
            logicalId,
          ),
        ]
      : [];
  });
}

function violation(stack: SynthesizedStack, message: string, resource?: string): DeployRuleViolation {
  return { rule: payloadLimits.id, stack: stack.stackName, ...(resource ? { resource } : {}), message };
}

function templateViolations(stack: SynthesizedStack): DeployRuleViolation[] {
  const found: DeployRuleViolation[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(stack.template));
  if (bytes > TEMPLATE_BYTES)
    found.push(
      violation(stack, `template is ${bytes} bytes; CloudFormation takes at most ${TEMPLATE_BYTES}`),
    );
  const outputs = Object.keys(stack.template.Outputs ?? {}).length;
  if (outputs > TEMPLATE_OUTPUTS) {
    found.push(
      violation(
        stack,
        `template declares ${outputs} outputs; CloudFormation allows ${TEMPLATE_OUTPUTS} per stack`,
      ),
    );
  }
  return found;
}

function lambdaEnvironmentViolations(stack: SynthesizedStack, values: TemplateValues): DeployRuleViolation[] {
  return resourcesOfType(stack, 'AWS::Lambda::Function').flatMap(([logicalId, fn]) => {
    const variables =
      (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const reserved = Object.keys(variables).filter((key) => RESERVED_LAMBDA_VARIABLES.has(key));
    const bytes = Object.entries(variables).reduce(
      (sum, [key, value]) => sum + Buffer.byteLength(key) + lengthOf(values.resolve(stack.stackName, value)),
      0,
    );
    return [
      ...reserved.map((key) =>
        violation(stack, `sets ${key}, a variable Lambda reserves for itself`, logicalId),
      ),
      ...(bytes > LAMBDA_ENVIRONMENT_BYTES
        ? [
            violation(
              stack,
              `environment takes about ${bytes} bytes; Lambda allows ${LAMBDA_ENVIRONMENT_BYTES} in all`,
              logicalId,
            ),
          ]
        : []),
    ];
  });
}

function stateMachineViolations(stack: SynthesizedStack, values: TemplateValues): DeployRuleViolation[] {
  return resourcesOfType(stack, 'AWS::StepFunctions::StateMachine').flatMap(([logicalId, machine]) => {
    const text = definitionText(values, stack.stackName, machine.Properties?.DefinitionString);
    const bytes = Buffer.byteLength(text);
    if (bytes > STATE_MACHINE_DEFINITION_BYTES) {
      return [
        violation(
          stack,
          `definition is ${bytes} bytes; Step Functions takes at most ${STATE_MACHINE_DEFINITION_BYTES}`,
          logicalId,
        ),
      ];
    }
    return oversizedStates(JSON.parse(text) as StateMachineJson).map((state) =>
      violation(
        stack,
        `state "${state.name}" writes ${state.bytes} bytes of constant ${state.field}; a state's input and output are capped at ${STATE_PAYLOAD_BYTES} bytes (States.DataLimitExceeded)`,
        logicalId,
      ),
    );
  });
}

interface StateMachineJson {
  readonly States?: Record<string, Record<string, unknown>>;
}

function oversizedStates(machine: StateMachineJson): { name: string; field: string; bytes: number }[] {
  return Object.entries(machine.States ?? {}).flatMap(([name, state]) => {
    const own = STATIC_PAYLOAD_FIELDS.flatMap((field) => {
      const bytes = state[field] === undefined ? 0 : Buffer.byteLength(JSON.stringify(state[field]));
      return bytes > STATE_PAYLOAD_BYTES ? [{ name, field, bytes }] : [];
    });
    const nested = [
      ...((state.Branches as StateMachineJson[] | undefined) ?? []),
      ...[state.ItemProcessor, state.Iterator].filter(
        (inner): inner is StateMachineJson => inner !== undefined,
      ),
    ].flatMap(oversizedStates);
    return [...own, ...nested];
  });
}

function eventTargetViolations(stack: SynthesizedStack, values: TemplateValues): DeployRuleViolation[] {
  return resourcesOfType(stack, 'AWS::Events::Rule').flatMap(([logicalId, rule]) =>
    ((rule.Properties?.Targets as { Input?: unknown }[] | undefined) ?? []).flatMap((target) => {
      if (target.Input === undefined) return [];
      const length = lengthOf(values.resolve(stack.stackName, target.Input));
      return length > EVENT_TARGET_INPUT_CHARACTERS
        ? [
            violation(
              stack,
              `a target's Input has ${length} characters; EventBridge allows ${EVENT_TARGET_INPUT_CHARACTERS}`,
              logicalId,
            ),
          ]
        : [];
    }),
  );
}
