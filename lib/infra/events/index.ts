export * from './EventStream';
