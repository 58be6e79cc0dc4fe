import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

/** One resource of a CloudFormation template, as CDK writes it. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | readonly string[];
}

/** One output of a CloudFormation template. */
export interface TemplateOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name: unknown };
}

/** The parts of a synthesized CloudFormation template the deploy rules read. */
export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, TemplateOutput>;
  readonly Parameters?: Record<string, unknown>;
  readonly Mappings?: Record<string, unknown>;
}

/** A stack of the synthesized app: its deployed name and its template. */
export interface SynthesizedStack {
  readonly stackName: string;
  readonly template: Template;
}

/**
 * The stacks of a synthesized app, in assembly order.
 *
 * @example
 * ```ts
 * const stacks = synthesizedStacks(app.synth());
 * ```
 */
export function synthesizedStacks(assembly: CloudAssembly): SynthesizedStack[] {
  return assembly.stacks.map((stack) => ({
    stackName: stack.stackName,
    template: stack.template as Template,
  }));
}

/** The resources of `stack` whose type is `type`, with their logical ids. */
export function resourcesOfType(stack: SynthesizedStack, type: string): [string, TemplateResource][] {
  return Object.entries(stack.template.Resources ?? {}).filter(([, resource]) => resource.Type === type);
}

/** The logical ids a resource depends on. */
export function dependsOn(resource: TemplateResource): readonly string[] {
  const { DependsOn } = resource;
  if (DependsOn === undefined) return [];
  return typeof DependsOn === 'string' ? [DependsOn] : DependsOn;
}
