import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CatalogEncryption } from '../../../lib/infra/catalog/CatalogEncryption';
import { actionMatches } from '../../../lib/infra/deployRules/policyStatements';
import { describeFindings, nagFindings } from '../../helpers/nag';
import { testStack } from '../../helpers/testApp';

function build() {
  const stack = testStack();
  const encryption = new CatalogEncryption(stack, 'CatalogEncryption', {
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return { stack, encryption, template: Template.fromStack(stack) };
}

describe('CatalogEncryption', () => {
  it('lets the account use the key through Glue only: kms:ViaService glue and kms:CallerAccount (the pattern of AWS managed keys)', () => {
    // Act
    const { stack, encryption, template } = build();

    // Assert
    const key = template.toJSON().Resources[stack.getLogicalId(encryption.key.node.defaultChild as never)];
    const use = key.Properties.KeyPolicy.Statement.find(
      (s: { Sid: string }) => s.Sid === 'ThroughGlueForThisAccount',
    );
    expect(use).toEqual({
      Sid: 'ThroughGlueForThisAccount',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': 'glue.eu-west-1.amazonaws.com',
          'kms:CallerAccount': '123456789012',
        },
      },
    });
  });

  it('gives the account no use of the key outside Glue', () => {
    // Act
    const { stack, encryption, template } = build();

    // Assert
    const key = template.toJSON().Resources[stack.getLogicalId(encryption.key.node.defaultChild as never)];
    const others = key.Properties.KeyPolicy.Statement.filter(
      (s: { Sid: string }) => s.Sid !== 'ThroughGlueForThisAccount',
    );
    const actions = others.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    const crypto = [
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:ReEncryptFrom',
      'kms:CreateGrant',
    ];
    expect(actions.filter((a: string) => crypto.some((action) => actionMatches(a, action)))).toEqual([]);
  });

  it('passes cdk-nag AwsSolutions', () => {
    // Arrange
    const { stack } = build();

    // Act / Assert
    expect(describeFindings(nagFindings(stack.node.root as never))).toEqual([]);
  });
});
