export * from './acknowledgeGrantWildcards';
export * from './DataLakeStorage';
