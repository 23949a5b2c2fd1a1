import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isVerityError } from '@verity/core';
import { STORE_ERROR_CODES, type Store } from '@verity/store';
import { hashBearerSecret, newBearerSecret } from '../auth/secrets.js';

/** Where the first operator credential is handed over on the installation's first start. */
export const OPERATOR_TOKEN_FILE = 'operator.token';
const BOOTSTRAP_ID = 'bootstrap';

/**
 * On the installation's first start (no operator credential ever existed), create one: only its
 * SHA-256 goes to the store, the secret goes to `<dataDir>/operator.token` (mode 0600) for the
 * operator to move into a secret store. The fixed id makes replicas starting together create one
 * credential between them (the others' insert conflicts). Returns the file when this call wrote it.
 */
export async function bootstrapOperatorCredential(store: Store, dataDir: string): Promise<{ file: string; token: string } | undefined> {
  if ((await store.operatorCredentials.count()) > 0) return undefined;
  const token = newBearerSecret('vro');
  try {
    await store.operatorCredentials.create({ id: BOOTSTRAP_ID, name: 'created on first start', tokenHash: hashBearerSecret(token) });
  } catch (err) {
    if (isVerityError(err) && err.code === STORE_ERROR_CODES.conflict) return undefined;
    throw err;
  }
  const file = join(dataDir, OPERATOR_TOKEN_FILE);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { file, token };
}

/** Replace a credential: a new secret (returned once), the old one revoked in the same transaction. */
export async function rotateOperatorCredential(store: Store, currentId: string, now: Date): Promise<{ id: string; token: string }> {
  const token = newBearerSecret('vro');
  return store.transaction(async (tx) => {
    const created = await tx.operatorCredentials.create({ name: `rotated ${now.toISOString()}`, tokenHash: hashBearerSecret(token) });
    await tx.operatorCredentials.revoke(currentId, now.toISOString());
    return { id: created.id, token };
  });
}
