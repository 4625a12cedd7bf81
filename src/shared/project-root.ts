import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding package.json, found by walking up from `start`. Code runs from src/ (tsx) and
 * from dist/src/ (the compiled build in the Docker image), so paths to prisma/ and config/ are taken
 * from the project root rather than counted in `../` from the file.
 */
export function projectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${start}`);
  }
}
