import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // In CI a JSON summary is kept too, so .ci/run can print a plain "N passed, N failed" line.
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: process.env['CI'] ? { json: '.ci/vitest-results.json' } : {},
  },
});
