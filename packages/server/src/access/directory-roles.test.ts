import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES } from '../auth/roles.js';
import { DIRECTORY_ROLE_TEMPLATES, directoryRoleIds } from './directory-roles.js';

describe('directory role mapping', () => {
  it('maps every Verity admin role to at least one Entra role template id', () => {
    for (const role of ADMIN_ROLES) expect(DIRECTORY_ROLE_TEMPLATES[role].length).toBeGreaterThan(0);
  });
  it('maps globalAdmin to the Global Administrator template id and deduplicates', () => {
    expect(directoryRoleIds(['globalAdmin', 'globalAdmin'])).toEqual(['62e90394-69f5-4237-9190-012177145e10']);
    expect(directoryRoleIds(['policyAdmin'])).toContain('b1be1c3e-b65d-4f19-8427-f6fa0d97feb9');
  });
  it('ignores roles it does not know', () => {
    expect(directoryRoleIds(['noSuchRole'])).toEqual([]);
  });
});
