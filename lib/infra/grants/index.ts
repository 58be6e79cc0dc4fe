export * from './grantCatalogAccess';
export * from './grantSecretValue';
