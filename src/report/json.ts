import type { Report } from './types.ts';

/** The JSON report (schema `citeaudit/report@1`, documented in the README). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
