import type { TemplateValues } from './TemplateValues';

/**
 * What a value only known at deploy time becomes in a resolved text: an ARN-shaped placeholder,
 * so a state machine's `Resource` fields still read as ARNs and lengths stay realistic.
 */
export const DEPLOY_TIME_PLACEHOLDER =
  'arn:aws:lambda:ap-southeast-5:123456789012:function:deploy-time-value-0000000';

/**
 * The text a template string value becomes once deployed, every part CloudFormation fills in
 * (a function's ARN, a bucket's name) replaced by {@link DEPLOY_TIME_PLACEHOLDER}: e.g. a state
 * machine's `DefinitionString`, which CDK writes as an `Fn::Join` of JSON text and references.
 */
export function definitionText(values: TemplateValues, stackName: string, value: unknown): string {
  const node = value as Record<string, unknown> | undefined;
  if (node !== undefined && typeof node === 'object' && 'Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => definitionText(values, stackName, part)).join(separator);
  }
  const resolved = values.resolve(stackName, value);
  return resolved.kind === 'literal' ? resolved.text : DEPLOY_TIME_PLACEHOLDER;
}
