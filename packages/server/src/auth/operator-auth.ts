import type { FastifyRequest } from 'fastify';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import type { OperatorPrincipal } from './principal.js';
import { bearerSecret } from './admin-auth.js';
import { hashBearerSecret } from './secrets.js';

/**
 * Authenticate the installation operator by an operator credential (`vro_…`, stored hashed).
 * A tenant admin's token or session is refused (403): managing tenants is not a tenant role,
 * however strong; and an operator credential is refused by every tenant route (admin-auth.ts
 * knows no `vro_` secret), so the two never stand in for each other.
 */
export async function authenticateOperator(ctx: ServerContext, request: FastifyRequest): Promise<OperatorPrincipal> {
  const secret = bearerSecret(request);
  if (!secret) throw new VerityError('VERITY_AUTH_REQUIRED', 'Send the operator credential as "Authorization: Bearer vro_…".', { status: 401 });
  if (!secret.startsWith('vro_'))
    throw new VerityError('VERITY_AUTH_OPERATOR_REQUIRED', 'Only the operator credential (vro_…) manages tenants; a tenant admin token cannot.', { status: 403 });
  const credential = await ctx.store.operatorCredentials.findByHash(hashBearerSecret(secret));
  if (!credential || credential.revokedAt !== null) throw new VerityError('VERITY_AUTH_INVALID_TOKEN', 'The operator credential is unknown or revoked.', { status: 401 });
  void ctx.store.operatorCredentials.touch(credential.id, ctx.now().toISOString()).catch(() => undefined);
  return { kind: 'operator', credentialId: credential.id };
}
