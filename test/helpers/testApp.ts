import { App, Stack } from 'aws-cdk-lib';

/** The placeholder environment template tests synthesize into. */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' } as const;

/**
 * An App for template tests: no asset bundling and no built-in CloudFormation
 * validation (each costs seconds per synth; `npm run synth` keeps both on).
 */
export function testApp(): App {
  return new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } });
}

/** A stack in {@link TEST_ENV} inside a fresh {@link testApp}. */
export function testStack(id = 'Test'): Stack {
  return new Stack(testApp(), id, { env: TEST_ENV });
}
