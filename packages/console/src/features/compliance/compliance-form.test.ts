import { describe, expect, it } from 'vitest';
import { importCompliancePolicy } from '@verity/core';
// The engine's property catalogue, read where it lives: every field the form offers must be one the engine evaluates.
import { PROPERTY_CATALOG } from '../../../../core/src/compliance/graph-property-catalog';
import { CLASSIC_FORMS, classicDocument, classicValues, linuxDocument } from './compliance-form-spec';
import { assignmentsFrom, choiceFrom, describeAssignments, TARGET } from './assignments';

describe('compliance policy form per platform', () => {
  it.each(CLASSIC_FORMS.map((f) => [f.kind, f] as const))('offers only settings the engine evaluates for %s', (kind, form) => {
    const catalog = PROPERTY_CATALOG[kind as keyof typeof PROPERTY_CATALOG];
    for (const field of form.fields) expect(catalog[field.name]?.role, `${kind}.${field.name}`).toBe('check');
  });

  it('writes a Graph document the importer evaluates setting by setting, and reads it back', () => {
    const form = CLASSIC_FORMS.find((f) => f.kind === 'windows10')!;
    const doc = classicDocument(form, {}, 'Windows baseline', 'test', { bitLockerEnabled: true, osMinimumVersion: '10.0.19045', passwordRequired: true, passwordMinimumLength: 12 }, [{ actionType: 'block', gracePeriodHours: 24 }]);
    const { policy, report } = importCompliancePolicy(doc);
    expect(report.evaluated).toEqual(expect.arrayContaining(['bitLockerEnabled', 'osMinimumVersion', 'passwordRequired', 'passwordMinimumLength']));
    expect(policy.scheduledActions).toEqual([expect.objectContaining({ actionType: 'block', gracePeriodHours: 24 })]);
    expect(classicValues(form, doc)).toMatchObject({ bitLockerEnabled: true, secureBootEnabled: false, osMinimumVersion: '10.0.19045', passwordMinimumLength: 12, osMaximumVersion: '' });
  });

  it('keeps properties of an edited policy the form does not show', () => {
    const form = CLASSIC_FORMS.find((f) => f.kind === 'macOS')!;
    const doc = classicDocument(form, { gatekeeperAllowedAppSource: 'macAppStore', id: 'x' }, 'Mac', '', {}, []);
    expect(doc.gatekeeperAllowedAppSource).toBe('macAppStore');
  });

  it('writes a Linux settings-catalog policy the importer evaluates', () => {
    const doc = linuxDocument('Linux', '', { distribution: 'ubuntu', minimumVersion: '22.04', encryption: true, firewall: true, secureBoot: false, automaticUpdates: true, minimumPasswordLength: 12 }, []);
    const { report } = importCompliancePolicy(doc);
    expect(report.evaluated).toEqual(expect.arrayContaining(['linux_distribution_alloweddistros', 'linux_deviceencryption_required', 'verity_linux_firewall_required', 'verity_linux_automaticupdates_required', 'linux_passwordpolicy_minimumlength']));
    expect(report.notConfigured).toContain('verity_linux_secureboot_required');
  });
});

describe('compliance assignments', () => {
  it('round-trips the editor state through Graph assignments', () => {
    const choice = { allDevices: true, allUsers: false, includeGroups: ['g1', 'g1'], excludeGroups: ['g2'] };
    const body = assignmentsFrom(choice);
    expect(body.assignments).toEqual([
      { target: { '@odata.type': TARGET.allDevices } }, { target: { '@odata.type': TARGET.group, groupId: 'g1' } }, { target: { '@odata.type': TARGET.exclude, groupId: 'g2' } },
    ]);
    expect(choiceFrom(body.assignments)).toEqual({ allDevices: true, allUsers: false, includeGroups: ['g1'], excludeGroups: ['g2'] });
  });

  it('says what an assignment means', () => {
    expect(describeAssignments({ allDevices: false, allUsers: false, includeGroups: [], excludeGroups: [] })).toBe('Not assigned: no device is evaluated against this policy.');
    expect(describeAssignments({ allDevices: true, allUsers: false, includeGroups: [], excludeGroups: ['a', 'b'] })).toBe('Assigned to all devices, except 2 excluded groups.');
  });
});
