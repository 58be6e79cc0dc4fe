import { KinesisClient } from '@aws-sdk/client-kinesis';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-provider-cognito-identity';

export const kinesis = new KinesisClient({
  region: 'eu-west-1',
  maxAttempts: 1, // retries are the EventClient's
  credentials: fromCognitoIdentityPool({
    clientConfig: { region: 'eu-west-1' },
    identityPoolId: '<IdentityPoolId output>',
  }),
});
