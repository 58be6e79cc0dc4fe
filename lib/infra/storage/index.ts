export * from './DataLakeStorage';
export * from './zoneKeyPolicy';
