import { resolve } from 'node:path';
import { bundleBrowserEntry } from './bundleBrowserEntry';

describe("the README's browser Cognito snippet", () => {
  it('bundles for the browser with no error (cognitoSnippet.ts, the text the README shows)', async () => {
    // Act
    const bundle = await bundleBrowserEntry(resolve(__dirname, 'cognitoSnippet.ts'));

    // Assert
    expect(bundle.errors).toEqual([]);
    expect(bundle.inputs).toContain(
      'node_modules/@aws-sdk/credential-provider-cognito-identity/dist-es/fromCognitoIdentityPool.js',
    );
  });

  it('does not bundle for the browser when fromCognitoIdentityPool comes from @aws-sdk/credential-providers', async () => {
    // Act
    const bundle = await bundleBrowserEntry(resolve(__dirname, 'credentialProvidersSnippet.ts'));

    // Assert: its Node-only providers import Node built-ins (8 errors with 3.1173.0)
    const texts = bundle.errors.map((error) => error.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((text) => /^Could not resolve "node:[a-z_]+"$/.test(text))).toBe(true);
    expect(texts).toContain('Could not resolve "node:child_process"');
  });
});
