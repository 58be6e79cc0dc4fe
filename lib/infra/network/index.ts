export * from './DataLakeNetwork';
