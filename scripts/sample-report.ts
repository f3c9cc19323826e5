/**
 * Regenerates the committed sample report in reports/ from the seed page. CI runs it and
 * fails when the result differs from what is committed, so the sample never goes stale.
 */
import { processIO } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';

const code = await main(
  ['audit', 'fixtures/seed/azerbaijani-armed-forces.xml', '--out', 'reports', '--no-timestamp', '--quiet'],
  processIO(),
);
process.exitCode = code;
