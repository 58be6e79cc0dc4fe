export * from './CatalogEncryption';
export * from './DataLakeCatalog';
export * from './glueDatabaseName';
export * from './QueryWorkgroup';
