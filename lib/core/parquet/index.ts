export { PARQUET_TAIL_BYTES, parquetFooterLength } from './parquetFooterLength';
export { parquetFooterRows } from './parquetFooterRows';
export { ThriftCompactReader, type ThriftField } from './ThriftCompactReader';
