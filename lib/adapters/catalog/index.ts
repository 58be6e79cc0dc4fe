export type { Catalog } from './Catalog';
export { GlueCatalog } from './GlueCatalog';
