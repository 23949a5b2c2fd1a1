// Every error code the code can produce is documented in docs/errors.md, and the catalog
// lists no code that no longer exists (fastify habit: a test keeps the catalog true).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

// Configuration variables share the prefix; they are documented in the README, not here.
const ENV_VARIABLE = /^VERITY_(SMTP_URL|SMTP_FROM|DATA_DIR|DATABASE_URL|HOST|PORT|PUBLIC_URL|MASTER_KEY|TLS_HOSTNAMES|LOG_LEVEL|CONFIG|PROFILE|AGENT_STATE_DIR|ENROLL_RATE_LIMIT|CHECKIN_RATE_LIMIT|CHECKIN_INTERVAL_SECONDS|DEVICE_CERT_VALIDITY_DAYS|POSTURE_HISTORY|TEST_POSTGRES_URL|TEST_LOG)$/;

function codesInSource(): Set<string> {
  const codes = new Set<string>();
  for (const pkg of readdirSync('packages')) {
    let files: string[] = [];
    try { files = sourceFiles(join('packages', pkg, 'src')); } catch { continue; }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // Error codes are quoted strings; environment variable names (in comments and `env.X`) are not.
      for (const m of text.matchAll(/'(VERITY_[A-Z0-9_]+)'/g)) if (!ENV_VARIABLE.test(m[1]!)) codes.add(m[1]!);
      // notFound('enrollment profile', id) builds VERITY_ENROLLMENT_PROFILE_NOT_FOUND.
      for (const m of text.matchAll(/notFound\('([a-z ]+)'/g)) codes.add(`VERITY_${m[1]!.toUpperCase().replace(/[^A-Z]/g, '_')}_NOT_FOUND`);
    }
  }
  return codes;
}

describe('error catalog', () => {
  const catalog = readFileSync('docs/errors.md', 'utf8');
  const documented = new Set([...catalog.matchAll(/^\|\s*`(VERITY_[A-Z0-9_]+)`/gm)].map((m) => m[1]!));
  const used = codesInSource();

  it('documents every code the code base can produce', () => {
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((c) => !documented.has(c)).sort()).toEqual([]);
  });

  it('lists no code that nothing produces', () => {
    expect([...documented].filter((c) => !used.has(c)).sort()).toEqual([]);
  });
});
