/**
 * Worker thread of the compliance benchmark's 2-worker figure: rebuilds the same deterministic
 * fleet (same seeded PRNG sequence as the main thread), keeps its slice [lo, hi), records the
 * pre-change states, then re-evaluates its slice each time the main thread says 'run'.
 * Regenerating beats sending 1M device objects through structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ComplianceDevice } from '@verity/core';
import { changePolicies, makeDevice, makePolicies, reevaluate, storedStates } from './compliance.bench.js';

const { lo, hi } = workerData as { lo: number; hi: number };
const beforeDocs = makePolicies();
const policyDocs = changePolicies(beforeDocs);
const slice: ComplianceDevice[] = [];
for (let i = 0; i < hi; i++) {
  const d = makeDevice(i); // devices before `lo` are generated only to advance the PRNG
  if (i >= lo) slice.push(d);
}
const stored = storedStates(beforeDocs, slice);
reevaluate(policyDocs, slice.slice(0, 50_000), stored); // warm-up (JIT)
parentPort!.on('message', (msg: string) => {
  if (msg === 'run') parentPort!.postMessage(reevaluate(policyDocs, slice, stored));
  else parentPort!.close();
});
parentPort!.postMessage('ready');
