export { DEMO_SCHEMA_SQL } from './DEMO_SCHEMA_SQL';
export {
  DEMO_ROW_COUNTS,
  type DemoTable,
  demoEmail,
  demoMarketplace,
  demoSampleQuery,
} from './demoMarketplace';
export { seedDemoMarketplace } from './seedDemoMarketplace';
export { type DemoDatabase, startDemoDatabase } from './startDemoDatabase';
