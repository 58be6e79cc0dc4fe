export { readShardRange, type ShardRange } from './readShardRange';
