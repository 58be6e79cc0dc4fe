export { HmacSha256Batch } from './HmacSha256Batch';
