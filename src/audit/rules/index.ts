import type { Rule } from '../types.ts';
import { citationNeeded, verificationNeeded } from './inline-tags.ts';
import { figureMismatch, uncitedFigure } from './figures.ts';
import { archiveMismatch, archivedLink, bareUrl, deadLink } from './links.ts';

/** Every rule, sorted by id; a catalog test checks each has docs, a pack entry and tests. */
export const rules: readonly Rule[] = [
  archiveMismatch,
  archivedLink,
  bareUrl,
  citationNeeded,
  deadLink,
  figureMismatch,
  uncitedFigure,
  verificationNeeded,
];
