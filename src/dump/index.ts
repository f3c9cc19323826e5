export { readRevisions, type ReadOptions } from './scanner.ts';
export { decodeXml } from './xml.ts';
export type * from './types.ts';
