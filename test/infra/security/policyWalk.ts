import { type CfnElement, Stack } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { DataLakeStacks } from '../../../lib/infra/app/createDataLake';

/** One policy statement of a synthesized template, its intrinsics rendered to text. */
export interface WalkedStatement {
  readonly stack: string;
  /** The logical id of the resource holding the policy. */
  readonly resource: string;
  readonly resourceType: string;
  /** The logical ids of the roles an identity policy applies to (the role itself for inline policies). */
  readonly roles: readonly string[];
  readonly effect: string;
  readonly actions: readonly string[];
  /** Each resource as text: zone buckets and keys as `arn:aws:s3:::{raw}`, `arn:aws:kms:{raw}`, Glue databases by name. */
  readonly resources: readonly string[];
  /** The `s3:prefix` values of the statement's conditions. */
  readonly s3Prefixes: readonly string[];
  readonly condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

interface Template {
  readonly Resources?: Record<string, Resource>;
  readonly Outputs?: Record<
    string,
    { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }
  >;
}

interface RawStatement {
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly Resource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Every policy statement of every stack of a synthesized lake (identity, resource, key and
 * trust policies alike), with its resources rendered to text: the foundation's buckets and their
 * keys become `{<zone>}` (`arn:aws:s3:::{raw}/exports/service/*`, `arn:aws:kms:{curated}`), a
 * Glue database its name, any other reference `{<stack>/<logical id>}`; imports are followed to
 * the exporting stack.
 */
export function walkStatements(lake: DataLakeStacks, assembly: CloudAssembly): WalkedStatement[] {
  const templates = new Map(assembly.stacks.map((stack) => [stack.stackName, stack.template as Template]));
  const labels = zoneLabels(lake);
  const exported = new Map<string, { stack: string; value: unknown }>();
  for (const [stack, template] of templates) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export !== undefined)
        exported.set(render(stack, output.Export.Name), { stack, value: output.Value });
    }
  }

  function render(stack: string, value: unknown): string {
    if (typeof value === 'string') return value;
    if (value === null || typeof value !== 'object') return String(value);
    const node = value as Record<string, unknown>;
    if ('Ref' in node) {
      const id = String(node.Ref);
      const pseudo = PSEUDO[id];
      if (pseudo !== undefined) return pseudo;
      const label = labels.get(`${stack}/${id}`);
      if (label !== undefined) return label.name;
      const resource = templates.get(stack)?.Resources?.[id];
      if (resource?.Type === 'AWS::Glue::Database') {
        return String((resource.Properties?.DatabaseInput as { Name?: unknown } | undefined)?.Name);
      }
      return `{${stack}/${id}}`;
    }
    if ('Fn::GetAtt' in node) {
      const [id, attribute] = node['Fn::GetAtt'] as [string, string];
      const label = labels.get(`${stack}/${id}`);
      if (label !== undefined && attribute === 'Arn') return label.arn;
      return `{${stack}/${id}.${attribute}}`;
    }
    if ('Fn::ImportValue' in node) {
      const found = exported.get(render(stack, node['Fn::ImportValue']));
      return found === undefined ? '{import?}' : render(found.stack, found.value);
    }
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => render(stack, part)).join(separator);
    }
    return '{?}';
  }

  const walked: WalkedStatement[] = [];
  for (const [stack, template] of templates) {
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      const roles = policyRoles(resource, id).map((role) => render(stack, role));
      for (const statement of statementsIn(resource.Properties)) {
        const condition = statement.Condition;
        walked.push({
          stack,
          resource: id,
          resourceType: resource.Type,
          roles,
          effect: statement.Effect ?? '',
          actions: [statement.Action ?? []].flat(),
          resources: [statement.Resource ?? []].flat().map((value) => render(stack, value)),
          s3Prefixes: Object.values(condition ?? {}).flatMap((operator) =>
            [operator['s3:prefix'] ?? []].flat().map((value) => render(stack, value)),
          ),
          ...(condition === undefined ? {} : { condition }),
        });
      }
    }
  }
  return walked;
}

/** The zone of a foundation bucket or key: `{raw}`, `{curated}`, … */
interface ZoneLabel {
  readonly name: string;
  readonly arn: string;
}

function zoneLabels(lake: DataLakeStacks): Map<string, ZoneLabel> {
  const { storage } = lake.foundation;
  const buckets: Record<string, s3.IBucket> = {
    raw: storage.rawBucket,
    curated: storage.curatedBucket,
    events: storage.eventsBucket,
    'query-results': storage.queryResultsBucket,
    'access-logs': storage.accessLogsBucket,
  };
  const labels = new Map<string, ZoneLabel>();
  const logicalId = (element: CfnElement) =>
    `${Stack.of(element).stackName}/${Stack.of(element).getLogicalId(element)}`;
  for (const [zone, bucket] of Object.entries(buckets)) {
    labels.set(logicalId(bucket.node.defaultChild as CfnElement), {
      name: `{${zone}}`,
      arn: `arn:aws:s3:::{${zone}}`,
    });
    const key = bucket.encryptionKey;
    if (key !== undefined) {
      labels.set(logicalId(key.node.defaultChild as CfnElement), {
        name: `{${zone}-key}`,
        arn: `arn:aws:kms:{${zone}}`,
      });
    }
  }
  return labels;
}

const IDENTITY_POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);

function policyRoles(resource: Resource, id: string): unknown[] {
  if (resource.Type === 'AWS::IAM::Role') return [{ Ref: id }];
  if (!IDENTITY_POLICY_TYPES.has(resource.Type)) return [];
  return (resource.Properties?.Roles as unknown[] | undefined) ?? [];
}

/** The statements of every policy document anywhere in a resource's properties. */
function statementsIn(value: unknown): RawStatement[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(statementsIn);
  const node = value as Record<string, unknown>;
  const own = Array.isArray(node.Statement) ? (node.Statement as RawStatement[]) : [];
  return [
    ...own,
    ...Object.entries(node)
      .filter(([key]) => key !== 'Statement')
      .flatMap(([, child]) => statementsIn(child)),
  ];
}
