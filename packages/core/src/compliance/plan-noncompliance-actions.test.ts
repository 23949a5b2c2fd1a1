import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCompliancePolicy } from './import-compliance-policy.js';
import { planNoncomplianceActions } from './plan-noncompliance-actions.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/graph/compliance');
const load = (f: string) => importCompliancePolicy(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))).policy;

describe('planNoncomplianceActions', () => {
  it('plans every scheduled action at episode start + grace period, in due order', () => {
    const start = new Date('2026-03-01T00:00:00Z');
    const plan = planNoncomplianceActions([load('windows10-baseline.json')], start);
    expect(plan.map((a) => [a.actionType, a.dueAt.toISOString()])).toEqual([
      ['notification', '2026-03-01T00:00:00.000Z'],
      ['pushNotification', '2026-03-02T00:00:00.000Z'],
      ['block', '2026-03-04T00:00:00.000Z'],
      ['retire', '2026-03-31T00:00:00.000Z'],
    ]);
    expect(plan[0]).toMatchObject({
      policyId: '3f2a8c1e-5b7d-4e0a-9c61-2d8f4b7a1e90',
      notificationTemplateId: 'e7c4a2b1-9f3d-4c5e-8a6b-1d2e3f4a5b6c',
      notificationMessageCCList: ['2b8f6e1a-3c4d-4e5f-9a0b-1c2d3e4f5a6b'],
    });
    expect(plan[2]!.notificationTemplateId).toBeUndefined();
  });

  it('merges several policies and skips noAction', () => {
    const ios = load('ios-restricted-apps.json');
    const withNoAction = { ...ios, scheduledActions: [...ios.scheduledActions, { actionType: 'noAction' as const, gracePeriodHours: 1, notificationMessageCCList: [] }] };
    const plan = planNoncomplianceActions([withNoAction, load('linux-verity-extended.json')], new Date('2026-03-01T00:00:00Z'));
    expect(plan.map((a) => `${a.policyId.slice(0, 4)}:${a.actionType}:${a.gracePeriodHours}`)).toEqual([
      '1a2b:block:0', 'd9e0:block:24', '1a2b:retire:168', 'd9e0:retire:2160',
    ]);
  });
});
