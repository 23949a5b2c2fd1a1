import type { RepositoryContext } from '../repository-context.js';
import { tenantTable, type PageOptions } from '../tenant-table.js';

/** Graph localizedNotificationMessage, embedded. */
export interface LocalizedMessage { locale: string; subject: string; body: string }
/** Graph notificationMessageTemplate with its localized messages. */
export interface MessageTemplate {
  tenantId: string; id: string; displayName: string; defaultLocale: string; messages: LocalizedMessage[]; createdAt: string; updatedAt: string;
}
export interface NewMessageTemplate { id?: string; displayName: string; defaultLocale: string; messages: LocalizedMessage[] }

/** Notification message templates used by noncompliance actions. */
export function messageTemplateRepository(ctx: RepositoryContext) {
  const t = tenantTable<MessageTemplate>(ctx, { table: 'message_templates', json: ['messages'], updatedAt: true, orderBy: 'display_name' });
  return {
    /** Creates a template. */
    create(tenantId: string, input: NewMessageTemplate): Promise<MessageTemplate> {
      const now = ctx.now().toISOString();
      return t.insert(tenantId, { ...input, id: input.id ?? ctx.ids(), createdAt: now, updatedAt: now });
    },
    /** A template by id. */
    get: (tenantId: string, id: string) => t.get(tenantId, id),
    /** Templates by name. */
    list: (tenantId: string, options: PageOptions = {}) => t.list(tenantId, options),
    /** Updates fields (messages are replaced as a whole). */
    update: (tenantId: string, id: string, patch: Partial<Omit<NewMessageTemplate, 'id'>>) => t.update(tenantId, id, patch),
    /** Deletes a template. */
    delete: (tenantId: string, id: string) => t.delete(tenantId, id),
  };
}
export type MessageTemplateRepository = ReturnType<typeof messageTemplateRepository>;
