export { readRevisions, DEFAULT_MAX_REVISION_BYTES, type ReadOptions } from './scanner.ts';
export { decodeXml } from './xml.ts';
export type * from './types.ts';
