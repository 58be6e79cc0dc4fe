import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, ResourceProperties, SpecDatabase } from '@aws-cdk/service-spec-types';
import type { DeployRule, DeployRuleViolation } from './DeployRule';

/**
 * Resource types aws-cdk-lib 2.276 writes that the newest `@aws-cdk/aws-service-spec` on the
 * registry (0.1.216) does not describe yet: accepted by type, their properties unchecked.
 */
const TYPES_NEWER_THAN_SPEC = new Set(['AWS::RDS::DBClusterEndpoint']);

let database: SpecDatabase | undefined;

/** The CloudFormation resource schemas aws-cdk-lib is generated from, loaded once (about 0.8 s). */
function specDatabase(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

/**
 * Every resource has a type CloudFormation knows, every property it sets exists for that type
 * with a value of the right kind (string, number, boolean, list, object), and no required
 * property is missing, checked against the CloudFormation resource schemas in
 * `@aws-cdk/aws-service-spec`. Custom resources and values CloudFormation computes at deploy
 * time (intrinsic functions) are left alone.
 */
export const resourceSchemas: DeployRule = {
  id: 'resource-schemas',
  documentation:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html',
  check(stacks) {
    const db = specDatabase();
    return stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {}).flatMap(
        ([logicalId, resource]): DeployRuleViolation[] => {
          if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource')
            return [];
          if (resource.Type === 'AWS::CDK::Metadata' || TYPES_NEWER_THAN_SPEC.has(resource.Type)) return [];
          const at = (message: string) => ({
            rule: resourceSchemas.id,
            stack: stack.stackName,
            resource: logicalId,
            message,
          });
          const spec = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type)[0] as
            | Resource
            | undefined;
          if (spec === undefined) return [at(`type ${resource.Type} is not a CloudFormation resource type`)];
          return propertyProblems(db, resource.Properties ?? {}, spec.properties, resource.Type).map(at);
        },
      ),
    );
  },
};

function propertyProblems(
  db: SpecDatabase,
  value: Record<string, unknown>,
  schema: ResourceProperties,
  path: string,
): string[] {
  const unknownKeys = Object.keys(value)
    .filter((key) => !(key in schema))
    .map(
      (key) =>
        `${path}.${key} is not a property of ${path.split('.')[0]}; allowed: ${Object.keys(schema).sort().join(', ')}`,
    );
  const missing = Object.entries(schema)
    .filter(([key, property]) => property.required && value[key] === undefined)
    .map(([key]) => `${path}.${key} is required`);
  const wrong = Object.entries(value).flatMap(([key, item]) => {
    const property = schema[key];
    if (property === undefined) return [];
    const types = [property.type, ...(property.previousTypes ?? [])];
    const problems = types.map((type) => typeProblems(db, item, type, `${path}.${key}`));
    return problems.some((list) => list.length === 0) ? [] : (problems[0] ?? []);
  });
  return [...unknownKeys, ...missing, ...wrong];
}

/** Whether a value is an intrinsic function (or a Ref): CloudFormation fills it in at deploy time. */
function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'));
}

function typeProblems(db: SpecDatabase, value: unknown, type: PropertyType, path: string): string[] {
  if (isIntrinsic(value)) return [];
  const kind = (expected: string) => [
    `${path} is ${JSON.stringify(value)?.slice(0, 80)}; expected ${expected}`,
  ];
  switch (type.type) {
    case 'string':
    case 'date-time':
      // CloudFormation turns numbers and booleans into the strings their properties take.
      return ['string', 'number', 'boolean'].includes(typeof value) ? [] : kind('a string');
    case 'number':
    case 'integer':
      return typeof value === 'number' ||
        (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        ? []
        : kind(`a ${type.type}`);
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : kind('a boolean');
    case 'json':
    case 'null':
    case 'tag':
      return [];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((element, index) => typeProblems(db, element, type.element, `${path}[${index}]`))
        : kind('a list');
    case 'map':
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, element]) =>
            typeProblems(db, element, type.element, `${path}.${key}`),
          )
        : kind('an object');
    case 'union': {
      const problems = type.types.map((inner) => typeProblems(db, value, inner, path));
      return problems.some((list) => list.length === 0) ? [] : (problems[0] ?? []);
    }
    case 'ref': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return kind('an object');
      const definition = db.get('typeDefinition', type.reference.$ref);
      return propertyProblems(db, value as Record<string, unknown>, definition.properties, path);
    }
  }
  return [];
}
