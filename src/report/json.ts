import type { Report } from './types.ts';

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);

/**
 * The JSON report (schema `citeaudit/report@1`, documented in the README) in pieces, one
 * page at a time: the same bytes as `JSON.stringify(report, null, 2)`, without ever
 * building one string for the whole dump, which V8 caps at about 512 M characters.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, v]) => v !== undefined);
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'pages' && Array.isArray(value) && value.length) {
      yield '  "pages": [\n';
      for (const [j, page] of value.entries()) {
        yield `    ${indent(JSON.stringify(page, null, 2), '    ')}${j < value.length - 1 ? ',' : ''}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}

/** The whole JSON report as one string: for small reports and tests. */
export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}
