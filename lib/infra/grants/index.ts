export * from './grantCatalogAccess';
export * from './grantCommitAccess';
export * from './grantCuratedRunWrite';
export * from './grantListPrefix';
export * from './grantSecretValue';
