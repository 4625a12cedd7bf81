// Runs `prisma generate` on a machine that cannot reach Prisma's binary host (air-gapped school
// intranets, and CI here). Generate itself needs no native engine, but the CLI tries to download the
// schema engine before every command unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file; we
// point it at a harmless one because no command we run ever executes it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const placeholder = ['/bin/false', '/usr/bin/false', process.execPath].find((path) => existsSync(path));
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
