export * from './EventArchive';
export * from './EventStream';
