import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../fixtures/layers/', import.meta.url));

const config = createRequire(import.meta.url)(`${ROOT}.dependency-cruiser.cjs`) as { forbidden: unknown[] };

async function violations(baseDir: string, paths: string[]): Promise<string[]> {
  const result = await cruise(paths, {
    baseDir,
    ruleSet: { forbidden: config.forbidden } as never,
    validate: true,
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
  });
  const output = result.output as ICruiseResult;
  return output.summary.violations
    .map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
    .sort();
}

/** The layer order of ARCHITECTURE.md, as npm test enforces it (.dependency-cruiser.cjs). */
describe('the layer rules', () => {
  it('catch an upward import and a workflow reaching into another (a fixture tree with both)', async () => {
    expect(await violations(FIXTURE, ['src'])).toEqual([
      'kit-imports-upward: src/kit/helper.ts → src/commands/route.ts',
      'workflow-imports-another-workflow: src/workflows/tasks/thing.ts → src/workflows/seal/thing.ts',
    ]);
  });

  it('hold for the service itself', async () => {
    expect(await violations(ROOT, ['src', 'cards', 'scripts'])).toEqual([]);
  });
});
