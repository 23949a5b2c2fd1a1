// Keeps the architecture's one-way dependency direction (CONVENTIONS habit 1):
// pure core <- store <- server / gateway / agent <- cli. The pure engines import no `node:`
// modules, no database and no HTTP framework; the agent does not depend on the server.
import { describe, expect, it } from 'vitest';
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';

const forbidden: IForbiddenRuleType[] = [
  {
    name: 'core-is-pure',
    comment: 'packages/core holds pure engines: no node: built-ins, no I/O libraries, no other Verity package',
    severity: 'error',
    from: { path: '^packages/core/src/', pathNot: '\\.test\\.ts$' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'core-imports-no-io-libraries',
    severity: 'error',
    from: { path: '^packages/core/src/', pathNot: '\\.test\\.ts$' },
    to: { path: 'node_modules/(fastify|kysely|better-sqlite3|pg|nodemailer|web-push|undici|pino)/' },
  },
  {
    name: 'core-depends-on-nothing-of-ours',
    severity: 'error',
    from: { path: '^packages/core/src/' },
    to: { path: '^packages/(store|server|agent|gateway|cli)/' },
  },
  {
    name: 'store-below-server',
    severity: 'error',
    from: { path: '^packages/store/src/' },
    to: { path: '^packages/(server|agent|cli)/' },
  },
  {
    name: 'agent-independent-of-server',
    comment: 'the agent runs on endpoints; it shares only the core contracts with the server',
    severity: 'error',
    from: { path: '^packages/agent/src/' },
    to: { path: '^packages/(server|store|cli)/' },
  },
  {
    name: 'console-talks-only-to-the-api',
    comment: 'the browser console reaches the server over its public API only; it may reuse the pure core (the rule parser)',
    severity: 'error',
    from: { path: '^packages/console/src/' },
    to: { path: '^packages/(store|server|agent|cli)/' },
  },
  {
    name: 'server-does-not-import-the-console',
    comment: 'the server serves the console\'s built files; it never imports its code',
    severity: 'error',
    from: { path: '^packages/server/src/' },
    to: { path: '^packages/console/' },
  },
  {
    name: 'gateway-independent-of-control-plane',
    comment: 'the gateway runs at the edge; it shares only the core engines and wire schemas with the control plane (the snapshot channel is its only link)',
    severity: 'error',
    from: { path: '^packages/gateway/src/' },
    to: { path: '^packages/(server|store|agent|cli)/' },
  },
  {
    name: 'control-plane-independent-of-gateway',
    severity: 'error',
    from: { path: '^packages/(server|store)/src/' },
    to: { path: '^packages/gateway/' },
  },
  {
    name: 'server-below-cli',
    severity: 'error',
    from: { path: '^packages/server/src/' },
    to: { path: '^packages/cli/' },
  },
];

describe('dependency direction', () => {
  it('has no forbidden dependencies between the packages', async () => {
    const result = await cruise(['packages'], {
      validate: true,
      ruleSet: { forbidden },
      exclude: { path: 'node_modules' },
      doNotFollow: { path: 'node_modules' },
      tsPreCompilationDeps: true,
      combinedDependencies: true,
      tsConfig: { fileName: 'tsconfig.json' },
    });
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
    expect(output.summary.totalCruised).toBeGreaterThan(100);
    expect(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 120_000);
});
