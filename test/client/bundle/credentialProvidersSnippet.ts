// The import the README once showed: the umbrella package also holds Node-only providers (files,
// processes, instance metadata), so it does not bundle for the browser. Kept to prove the warning.
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';

export const kinesis = new KinesisClient({
  region: 'eu-west-1',
  maxAttempts: 1,
  credentials: fromCognitoIdentityPool({
    clientConfig: { region: 'eu-west-1' },
    identityPoolId: '<IdentityPoolId output>',
  }),
});
