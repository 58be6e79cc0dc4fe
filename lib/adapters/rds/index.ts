export { latestAutomatedSnapshot } from './latestAutomatedSnapshot';
export type { SnapshotDatabase } from './SnapshotDatabase';
