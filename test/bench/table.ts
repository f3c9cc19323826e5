/** Plain-text tables for the benchmark output. */

export const fmt = (x: number | undefined, digits: number) =>
  x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);

/**
 * Aligned columns: the first `left` columns padded on the right, the numbers on the left.
 * A row of three cells is a note row (two labels, then the note instead of the numbers);
 * the numeric columns' widths count only full rows.
 */
export function renderTable(header: string[], cells: string[][], left: number): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...cells.filter((c) => i < 2 || c.length === header.length).map((c) => c[i]!.length)),
  );
  const pad = (v: string, i: number) => (i < left ? v.padEnd(widths[i]!) : v.padStart(widths[i]!));
  const line = (c: string[]) =>
    c.length === header.length ? c.map(pad).join('  ') : `${pad(c[0]!, 0)}  ${pad(c[1]!, 1)}  ${c[2]}`;
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
