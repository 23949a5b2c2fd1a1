// The compatibility report stays true: every document of the shared Graph corpus is dry-run
// imported through a real control plane with the CLI's own import code; no conditional access
// policy, named location or compliance policy may be rejected (except the one template
// placeholder, rightly refused), every document gets a status, and docs/compatibility.md must be
// what `npm run compat-report` writes from this run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_CORPUS, REPO_ROOT, corpusSkipReason } from '../packages/core/test/shared-corpus.js';
import { titled } from './skip-reason.js';
import { importCorpusDryRun, readManifest, renderCompatibilityReport, type ManifestRow } from '../packages/cli/src/compatibility-report.js';
import type { ImportLine } from '../packages/cli/src/import-command.js';

const IMPORTED_FAMILIES = new Set(['conditional access policy', 'named location', 'compliance policy']);
const relative = (l: ImportLine) => l.file.slice(GRAPH_CORPUS.length + 1);

describe.skipIf(corpusSkipReason() !== null)(titled('compatibility report over ../shared/corpus/graph', corpusSkipReason()), () => {
  let rows: ManifestRow[];
  let lines: ImportLine[];
  beforeAll(async () => {
    rows = readManifest(GRAPH_CORPUS);
    lines = await importCorpusDryRun(GRAPH_CORPUS, rows);
  }, 240_000);

  it('gives every file of the manifest, and every document in it, a status', () => {
    const files = new Set(lines.map(relative));
    expect(rows.filter((r) => !files.has(r.path)).map((r) => r.path)).toEqual([]);
    expect(lines.filter((l) => !['imported', 'importedWithNotes', 'notSupported', 'rejected'].includes(l.status))).toEqual([]);
    expect(lines.filter((l) => (l.status === 'notSupported' || l.status === 'rejected') && !l.error)).toEqual([]);
  });

  it('imports every conditional access policy, named location and compliance policy (the template placeholder is rightly refused)', () => {
    const rejected = lines.filter((l) => IMPORTED_FAMILIES.has(l.family) && l.status === 'rejected').map((l) => `${relative(l)} ${l.path} ${l.error?.code} ${l.error?.path}`);
    expect(rejected).toEqual(['denis-beuermann__ConditionalAccess/templates/locations/MyDatacenterPublicEndpoints.json $ VERITY_ACCESS_NAMED_LOCATION_INVALID $.ipRanges[0].cidrAddress']);
    const imported = (family: string) => lines.filter((l) => l.family === family && (l.status === 'imported' || l.status === 'importedWithNotes')).length;
    // Counts from the corpus README: 294 single CA files + 699 in collections; 23 + 934 named locations; 51 + 3 compliance policies.
    expect({ ca: imported('conditional access policy'), locations: imported('named location'), compliance: imported('compliance policy') }).toEqual({ ca: 993, locations: 956, compliance: 54 });
  });

  it('answers the documents that are not Graph policies with a kind and a reason', () => {
    const rejected = lines.filter((l) => !IMPORTED_FAMILIES.has(l.family) && l.status === 'rejected').map((l) => `${relative(l)} ${l.path} ${l.error?.code}${l.error?.line ? ` ${l.error.line}:${l.error.column}` : ''}`);
    // The corpus README names these: a script's argument list serialised by PowerShell (strings, not Graph documents) and the one invalid JSON file.
    expect(rejected.sort()).toEqual([
      'PacktPublishing__Microsoft-Intune-Cookbook/Chapter3/security-baseline-example.json $.value[1] VERITY_IMPORT_KIND_UNKNOWN',
      'PacktPublishing__Microsoft-Intune-Cookbook/Chapter3/security-baseline-example.json $.value[2] VERITY_IMPORT_KIND_UNKNOWN',
      'PacktPublishing__Microsoft-Intune-Cookbook/Chapter3/security-baseline-example.json $.value[3] VERITY_IMPORT_KIND_UNKNOWN',
      'denis-beuermann__ConditionalAccess/templates/policies/UserAction/User Actions 1 - Require MFA to Join Devices.json $ VERITY_IMPORT_INVALID_JSON 29:13',
    ]);
    const notSupported = lines.filter((l) => l.status === 'notSupported');
    expect(notSupported.every((l) => l.error?.code === 'VERITY_IMPORT_KIND_NOT_SUPPORTED' && l.error.message.includes(l.kind))).toBe(true);
    expect(new Set(notSupported.map((l) => l.family))).toEqual(new Set([
      'settings catalog configuration policy', 'device configuration profile', 'endpoint security intent', 'endpoint security intent (settings only)', 'administrative template (ADMX) profile',
      'app protection policy', 'Windows Autopilot deployment profile', 'enrollment configuration (enrollment status page, limits, Windows Hello)', 'app',
    ]));
  });

  it('matches docs/compatibility.md (regenerate it with npm run compat-report)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs/compatibility.md'), 'utf8')).toBe(renderCompatibilityReport(GRAPH_CORPUS, rows, lines));
  });
});
