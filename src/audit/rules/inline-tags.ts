import type { InlineTag, TagRule } from '../../wikitext/index.ts';
import { describeAge, monthsBetween } from '../age.ts';
import type { Rule, RuleContext } from '../types.ts';

/** Evidence shared by the tag rules: the tag as written, its date and age, the claim and where it lives. */
function tagEvidence(tag: InlineTag, context: RuleContext): Record<string, unknown> {
  const ageMonths = monthsBetween(tag.date, context.revisionTimestamp);
  const citation = tag.citation !== undefined ? context.extraction.citations[tag.citation] : undefined;
  return {
    template: tag.name,
    canonical: tag.canonical,
    ...(tag.date ? { date: tag.date } : {}),
    ...(tag.dateRaw !== undefined ? { dateWritten: tag.dateRaw } : {}),
    ...(tag.dateRaw !== undefined && !tag.date ? { dateInvalid: true } : {}),
    ...(ageMonths !== undefined ? { ageMonths, age: describeAge(ageMonths) } : {}),
    ...(tag.reason ? { reason: tag.reason } : {}),
    claim: tag.claim,
    location: tag.location.kind,
    ...('field' in tag.location ? { inTemplate: tag.location.template, field: tag.location.field } : {}),
    ...(citation ? { citation: { url: citation.url, title: citation.title, template: citation.template } } : {}),
  };
}

function tagRule(id: TagRule & ('citation-needed' | 'verification-needed')): Rule {
  return {
    id,
    messages: {
      dated: '{template} since {date}: {claim}',
      undated: '{template}, undated: {claim}',
    },
    check(context) {
      for (const tag of context.extraction.tags) {
        if (tag.rule !== id) continue;
        const severity = context.pack.rules[id].tagSeverity?.[tag.canonical];
        context.report({
          messageId: tag.date ? 'dated' : 'undated',
          data: { template: `{{${tag.canonical}}}`, date: tag.date ?? '', claim: tag.claim || '(no text)' },
          span: tag.span,
          section: tag.section,
          snippet: tag.text,
          evidence: tagEvidence(tag, context),
          ...(severity ? { severity } : {}),
        });
      }
    },
  };
}

export const citationNeeded = tagRule('citation-needed');
export const verificationNeeded = tagRule('verification-needed');
