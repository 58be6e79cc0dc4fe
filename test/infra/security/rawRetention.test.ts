/**
 * Raw data kept short: the raw bucket's lifecycle expires every object, whatever its prefix (each
 * source's exports and stored replica runs alike), after the config's
 * `storage.rawExportExpirationDays`, 7 unless set. S3 applies a rule without a filter to every
 * object of the bucket (S3 User Guide, "Lifecycle configuration elements": an empty filter
 * applies the rule to all objects).
 */
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createDataLake } from '../../../lib/infra/app/createDataLake';
import { parsedConfig } from '../../helpers/configFactory';
import { TEST_ENV, testApp } from '../../helpers/testApp';

interface LifecycleRule {
  readonly Id?: string;
  readonly Status?: string;
  readonly ExpirationInDays?: number;
  readonly Prefix?: string;
  readonly TagFilters?: unknown;
  readonly ObjectSizeGreaterThan?: unknown;
  readonly ObjectSizeLessThan?: unknown;
}

function rawExpiryRules(storage: Record<string, unknown> = {}): LifecycleRule[] {
  const app = testApp();
  const { foundation } = createDataLake(app, parsedConfig({ storage }), TEST_ENV);
  const bucket = foundation.storage.rawBucket.node.defaultChild as CfnElement;
  const resources = Template.fromStack(foundation).toJSON().Resources as Record<
    string,
    { Properties: { LifecycleConfiguration?: { Rules: LifecycleRule[] } } }
  >;
  const rules = resources[foundation.getLogicalId(bucket)]?.Properties.LifecycleConfiguration?.Rules ?? [];
  return rules.filter((rule) => rule.ExpirationInDays !== undefined);
}

describe('raw bucket retention', () => {
  it('expires every raw object after 7 days by default: one enabled rule with no prefix, tag or size filter', () => {
    // Act
    const rules = rawExpiryRules();

    // Assert
    expect(rules).toEqual([{ Id: 'ExpireExports', Status: 'Enabled', ExpirationInDays: 7 }]);
  });

  it("follows the config's storage.rawExportExpirationDays", () => {
    // Act
    const rules = rawExpiryRules({ rawExportExpirationDays: 2 });

    // Assert
    expect(rules.map((rule) => rule.ExpirationInDays)).toEqual([2]);
  });
});
