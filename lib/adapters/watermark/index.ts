export { claimWindow } from './claimWindow';
export { FileWatermarkStore } from './FileWatermarkStore';
export { parseWatermark } from './parseWatermark';
export { S3WatermarkStore, type S3WatermarkStoreProps } from './S3WatermarkStore';
export type { StoredWatermark, WatermarkStore } from './WatermarkStore';
