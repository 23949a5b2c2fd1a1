import type { Reporter, TestModule } from 'vitest/node';
import { skipReasonOf } from './skip-reason.js';

/**
 * Prints one line per distinct skip reason after the run (`skipped (<n>): <reason>`), so
 * that a suite skipped because this machine lacks something (PostgreSQL, Chromium, the shared
 * corpus) says so instead of disappearing from the output. The default reporter does the rest.
 */
export default class SkippedSuitesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const reasons = new Map<string, number>();
    for (const module of testModules) {
      const entries = [...module.children.allSuites(), ...module.children.allTests()];
      for (const entry of entries) {
        const skipped = entry.type === 'suite' ? entry.state() === 'skipped' : entry.result().state === 'skipped';
        const reason = skipped ? skipReasonOf(entry.name) : null;
        if (reason !== null) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    for (const [reason, count] of reasons) process.stdout.write(`skipped (${count}): ${reason}\n`);
  }
}
