export * from './DataLakeCatalog';
export * from './glueDatabaseName';
export * from './QueryWorkgroup';
