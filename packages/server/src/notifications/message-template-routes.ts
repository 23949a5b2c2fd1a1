import type { MessageTemplate } from '@verity/store';
import type { z } from 'zod';
import { VerityError } from '@verity/core';
import type { ServerContext } from '../context.js';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { idParams } from '../shared/wire.js';
import { notFound } from '../shared/not-found.js';
import { recordAudit } from '../audit/audit-record.js';
import { createTemplateBody, patchTemplateBody } from './message-template-schemas.js';

type GraphMessages = z.infer<typeof createTemplateBody>['localizedNotificationMessages'];

/** Graph notificationMessageTemplate view of a stored template. */
export function templateView(t: MessageTemplate) {
  return {
    '@odata.type': '#microsoft.graph.notificationMessageTemplate', id: t.id, displayName: t.displayName, defaultLocale: t.defaultLocale,
    lastModifiedDateTime: t.updatedAt,
    localizedNotificationMessages: t.messages.map((m) => ({ locale: m.locale, subject: m.subject, messageTemplate: m.body, isDefault: m.locale.toLowerCase() === t.defaultLocale.toLowerCase() })),
  };
}

/** The default locale: the message marked isDefault, else the one given, else the first message's, else en-US. */
function defaultLocaleOf(messages: GraphMessages, given: string | undefined): string {
  const flagged = messages.find((m) => m.isDefault)?.locale;
  const locale = flagged ?? given ?? messages[0]?.locale ?? 'en-US';
  if (messages.length > 0 && !messages.some((m) => m.locale.toLowerCase() === locale.toLowerCase())) {
    throw new VerityError('VERITY_NOTIFICATION_TEMPLATE_INVALID', 'The default locale has no message.', { status: 400, details: [{ path: '$.defaultLocale', message: `no localized message for ${locale}` }] });
  }
  return locale;
}

const toStored = (messages: GraphMessages) => messages.map((m) => ({ locale: m.locale, subject: m.subject, body: m.messageTemplate }));

/** Notification message templates used by noncompliance e-mail (Graph shape, localisable). */
export function messageTemplateRoutes(ctx: ServerContext): AnyRoute[] {
  const read = { kind: 'admin', permission: 'policies.read' } as const;
  const manage = { kind: 'admin', permission: 'policies.manage' } as const;
  return [
    defineRoute({
      method: 'GET', url: '/api/v1/notification-message-templates', auth: read, tag: 'compliance', summary: 'List notification message templates.',
      handler: async ({ principal }) => ({ value: (await ctx.store.messageTemplates.list(principal.tenantId, { limit: 500 })).map(templateView) }),
    }),
    defineRoute({
      method: 'GET', url: '/api/v1/notification-message-templates/:id', auth: read, tag: 'compliance', summary: 'Show a notification message template.',
      params: idParams,
      handler: async ({ principal, params }) => {
        const t = await ctx.store.messageTemplates.get(principal.tenantId, params.id);
        if (!t) throw notFound('notification template', params.id);
        return templateView(t);
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/v1/notification-message-templates', auth: manage, tag: 'compliance', summary: 'Create a notification message template with localized messages.',
      body: createTemplateBody, successStatus: 201, bodyLimit: 512 * 1024,
      handler: async ({ principal, body }) => {
        const now = ctx.now();
        const defaultLocale = defaultLocaleOf(body.localizedNotificationMessages, body.defaultLocale);
        const t = await ctx.store.transaction(async (tx) => {
          const created = await tx.messageTemplates.create(principal.tenantId, { id: ctx.newId(), displayName: body.displayName, defaultLocale, messages: toStored(body.localizedNotificationMessages) });
          await recordAudit(tx, principal.tenantId, principal, { action: 'notification.template.create', targetType: 'notificationMessageTemplate', targetId: created.id, details: { displayName: created.displayName, locales: created.messages.map((m) => m.locale) } }, now);
          return created;
        });
        return templateView(t);
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/v1/notification-message-templates/:id', auth: manage, tag: 'compliance', summary: 'Change a template (messages are replaced as a whole).',
      params: idParams, body: patchTemplateBody, bodyLimit: 512 * 1024,
      handler: async ({ principal, params, body }) => {
        const now = ctx.now();
        const t = await ctx.store.transaction(async (tx) => {
          const current = await tx.messageTemplates.get(principal.tenantId, params.id);
          if (!current) throw notFound('notification template', params.id);
          const messages: GraphMessages = body.localizedNotificationMessages ?? current.messages.map((m) => ({ locale: m.locale, subject: m.subject, messageTemplate: m.body }));
          const defaultLocale = defaultLocaleOf(messages, body.defaultLocale ?? (body.localizedNotificationMessages?.some((m) => m.isDefault) ? undefined : current.defaultLocale));
          const updated = await tx.messageTemplates.update(principal.tenantId, params.id, {
            ...(body.displayName !== undefined ? { displayName: body.displayName } : {}), defaultLocale, messages: toStored(messages),
          });
          await recordAudit(tx, principal.tenantId, principal, { action: 'notification.template.update', targetType: 'notificationMessageTemplate', targetId: params.id, details: { fields: Object.keys(body) } }, now);
          return updated!;
        });
        return templateView(t);
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/v1/notification-message-templates/:id', auth: manage, tag: 'compliance', summary: 'Delete a template (actions naming it fall back to the built-in message).',
      params: idParams,
      handler: async ({ principal, params }) => {
        const now = ctx.now();
        await ctx.store.transaction(async (tx) => {
          if (!(await tx.messageTemplates.delete(principal.tenantId, params.id))) throw notFound('notification template', params.id);
          await recordAudit(tx, principal.tenantId, principal, { action: 'notification.template.delete', targetType: 'notificationMessageTemplate', targetId: params.id }, now);
        });
        return undefined;
      },
    }),
  ];
}
