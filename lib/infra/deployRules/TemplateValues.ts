import type { SynthesizedStack } from './SynthesizedStack';

/** What a template value stands for once CloudFormation deploys it, as far as the templates tell. */
export type ResolvedValue =
  | { readonly kind: 'literal'; readonly text: string }
  /** An attribute of a resource of the app (`Ref` for a Ref). */
  | {
      readonly kind: 'resource';
      readonly stack: string;
      readonly logicalId: string;
      readonly attribute: string;
    }
  /** Known only at deploy time; `length` is a generous estimate of its text. */
  | { readonly kind: 'unknown'; readonly length: number };

/**
 * Pseudo parameters at their longest plausible values, so a length check errs towards a
 * violation: `ap-southeast-5` is among the longest commercial region codes.
 */
const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Region': 'ap-southeast-5',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::NoValue': '',
};

/** Length assumed for a value only known at deploy time: a physical name or ARN CloudFormation makes. */
const UNKNOWN_LENGTH = 100;

/**
 * Resolves CloudFormation intrinsics across the stacks of one app: `Ref`, `Fn::GetAtt`,
 * `Fn::Join`, and `Fn::ImportValue` followed to the exporting stack's output.
 *
 * @example
 * ```ts
 * const values = new TemplateValues(stacks);
 * values.resolve('lake-source-a', { 'Fn::ImportValue': 'lake-foundation:ExportsOutputRefVpc' });
 * // { kind: 'resource', stack: 'lake-foundation', logicalId: 'Vpc', attribute: 'Ref' }
 * ```
 */
export class TemplateValues {
  private readonly exports = new Map<string, { readonly stack: string; readonly value: unknown }>();

  public constructor(private readonly stacks: readonly SynthesizedStack[]) {
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export === undefined) continue;
        const name = this.resolve(stack.stackName, output.Export.Name);
        if (name.kind === 'literal')
          this.exports.set(name.text, { stack: stack.stackName, value: output.Value });
      }
    }
  }

  /** Export names of `stackName`'s outputs. */
  public exportNames(stackName: string): string[] {
    return [...this.exports].filter(([, entry]) => entry.stack === stackName).map(([name]) => name);
  }

  /** What `value`, found in the template of `stackName`, stands for. */
  public resolve(stackName: string, value: unknown): ResolvedValue {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return { kind: 'literal', text: String(value) };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return unknown();
    const node = value as Record<string, unknown>;
    if ('Ref' in node) return this.ref(stackName, String(node.Ref));
    if ('Fn::GetAtt' in node) {
      const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
      return { kind: 'resource', stack: stackName, logicalId, attribute };
    }
    if ('Fn::ImportValue' in node) {
      const name = this.resolve(stackName, node['Fn::ImportValue']);
      const exported = name.kind === 'literal' ? this.exports.get(name.text) : undefined;
      return exported === undefined ? unknown() : this.resolve(exported.stack, exported.value);
    }
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      const resolved = parts.map((part) => this.resolve(stackName, part));
      if (resolved.every((part) => part.kind === 'literal')) {
        return { kind: 'literal', text: resolved.map((part) => part.text).join(separator) };
      }
      const length = resolved.reduce(
        (sum, part) => sum + lengthOf(part),
        separator.length * (parts.length - 1),
      );
      return { kind: 'unknown', length };
    }
    return unknown();
  }

  /** The stack whose name is `stackName`. */
  public stack(stackName: string): SynthesizedStack | undefined {
    return this.stacks.find((stack) => stack.stackName === stackName);
  }

  private ref(stackName: string, name: string): ResolvedValue {
    if (name === 'AWS::StackName') return { kind: 'literal', text: stackName };
    const pseudo = PSEUDO_PARAMETERS[name];
    if (pseudo !== undefined) return { kind: 'literal', text: pseudo };
    const resources = this.stack(stackName)?.template.Resources ?? {};
    if (name in resources) return { kind: 'resource', stack: stackName, logicalId: name, attribute: 'Ref' };
    return unknown();
  }
}

/** The length of the text a resolved value becomes (an estimate when it is not literal). */
export function lengthOf(value: ResolvedValue): number {
  if (value.kind === 'literal') return Buffer.byteLength(value.text);
  if (value.kind === 'unknown') return value.length;
  return UNKNOWN_LENGTH;
}

function unknown(): ResolvedValue {
  return { kind: 'unknown', length: UNKNOWN_LENGTH };
}
