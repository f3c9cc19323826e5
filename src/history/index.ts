export { diffTexts, applyDiff, tokens, type DiffOp, type DiffOptions, type TextDiff } from './diff.ts';
