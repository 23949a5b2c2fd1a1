import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Permission } from '../auth/roles.js';
import type { AdminPrincipal, DevicePrincipal, OperatorPrincipal, UserPrincipal } from '../auth/principal.js';

/** Who may call a route. */
export type RouteAuth =
  | { readonly kind: 'public' }
  | { readonly kind: 'admin'; readonly permission: Permission }
  | {
    readonly kind: 'device';
    /**
     * The handler re-checks the certificate and device in its own write transaction (the check-in
     * does, with the same rejections), so the separate store lookup before it would only repeat it.
     * The TLS-level checks (our CA, validity, device identity in the certificate) still run first.
     */
    readonly accessRecheckedByHandler?: true;
  }
  | { readonly kind: 'user' }
  /** The installation operator's credential (`vro_…`): tenant lifecycle only, never a tenant's data. */
  | { readonly kind: 'operator' };

type PrincipalFor<A extends RouteAuth> = A extends { kind: 'admin' }
  ? AdminPrincipal
  : A extends { kind: 'device' }
    ? DevicePrincipal
    : A extends { kind: 'user' }
      ? UserPrincipal
      : A extends { kind: 'operator' }
        ? OperatorPrincipal
        : null;

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RouteContext<A extends RouteAuth, P, Q, B> {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly principal: PrincipalFor<A>;
  readonly params: Infer<P>;
  readonly query: Infer<Q>;
  readonly body: Infer<B>;
  /** The JSON body as received, for routes with `jsonBodyText` ('{}' when the request had none). */
  readonly bodyText: string;
  /** Source address as seen by the server (for rate limits, sign-in logs). */
  readonly ip: string;
}

/** One HTTP operation: its auth, its wire schemas and its handler. Also the OpenAPI source. */
export interface RouteDef<A extends RouteAuth = RouteAuth, P = unknown, Q = unknown, B = unknown> {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly auth: A;
  readonly summary: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /**
   * For hot routes: the handler gets the JSON body as text (`bodyText`, parse it with
   * http/json-text.ts parseJsonBody) and validates it against `body` itself, where it suits it
   * (the check-in does on the store's writer thread). `body` stays the documented schema.
   */
  readonly jsonBodyText?: true;
  /**
   * For Graph document imports: the body is decoded as Windows tools write JSON (UTF-8 with or
   * without BOM, UTF-16 LE/BE; core's decodeGraphText), so an export can be posted as saved.
   */
  readonly graphDocumentBody?: true;
  readonly bodyLimit?: number;
  /** Requests per minute allowed for one key (source IP, or device for device routes). */
  readonly rateLimitPerMinute?: number;
  readonly successStatus?: number;
  /** The success response's JSON shape, for the OpenAPI document (the console's client types are generated from it). */
  readonly response?: z.ZodType;
  /** Return a value to send it as JSON; return the reply to take over. */
  readonly handler: (ctx: RouteContext<A, P, Q, B>) => Promise<unknown>;
}

/** Identity function that keeps the literal types of a route for inference. */
export function defineRoute<A extends RouteAuth, P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  def: RouteDef<A, P, Q, B>,
): RouteDef<A, P, Q, B> {
  return def;
}

// The registry stores routes with their generics erased; the handler is still typed where it is defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<RouteAuth, any, any, any>;
