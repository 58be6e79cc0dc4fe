export * from './DataLakeStorage';
