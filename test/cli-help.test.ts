// Every command and option of both CLIs has help text: `--help` is a newcomer's first manual,
// and an option without a description is an option nobody finds.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { program as verity } from '../packages/cli/src/main.js';
import { buildProgram as buildAgentProgram } from '../packages/agent/src/cli/program.js';

/** Every command of a tree with the path that reaches it, and what lacks a description. */
function undescribed(root: Command): string[] {
  const missing: string[] = [];
  const walk = (cmd: Command, path: string): void => {
    if (!cmd.description().trim()) missing.push(`command "${path}"`);
    for (const option of cmd.options) if (!option.description?.trim()) missing.push(`option ${option.flags} of "${path}"`);
    for (const sub of cmd.commands) walk(sub, `${path} ${sub.name()}`);
  };
  walk(root, root.name());
  return missing;
}

function commandCount(root: Command): number {
  return 1 + root.commands.reduce((n, c) => n + commandCount(c), 0);
}

describe('CLI help text', () => {
  it('every verity command and option has a description', () => {
    expect(commandCount(verity)).toBeGreaterThan(20);
    expect(undescribed(verity)).toEqual([]);
  });

  it('every verity-agent command and option has a description', () => {
    const agent = buildAgentProgram(() => { throw new Error('not run'); }, () => undefined);
    expect(commandCount(agent)).toBeGreaterThan(3);
    expect(undescribed(agent)).toEqual([]);
  });
});
