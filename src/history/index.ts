export { diffTexts, applyDiff, tokens, type DiffOp, type DiffOptions, type TextDiff } from './diff.ts';
export { carryRuns, latestOrigin, type Run } from './blame.ts';
export {
  scanParagraphs,
  scanRevision,
  urlKey,
  type ParagraphScan,
  type Scan,
  type ScannedCitation,
  type ScannedTag,
} from './scan.ts';
export {
  PageHistory,
  blameAt,
  datedAt,
  type ChangeEvent,
  type ChangeKind,
  type HistoryInput,
  type PageHistoryResult,
  type RevisionRef,
} from './track.ts';
