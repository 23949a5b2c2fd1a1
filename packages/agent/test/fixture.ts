import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Text of a recorded output under test/fixtures. */
export function fixture(path: string): string {
  return readFileSync(join(here, 'fixtures', path), 'utf8');
}
