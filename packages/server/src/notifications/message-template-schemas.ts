import { z } from 'zod';
import { displayName } from '../shared/wire.js';

/** BCP 47 tag as Graph uses them (`en-US`, `de-DE`, `fr`). */
export const localeTag = z.string().min(2).max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'expected a locale such as en-US');

/** Graph localizedNotificationMessage. */
const localizedMessage = z.looseObject({
  id: z.string().max(256).nullable().optional(),
  locale: localeTag,
  subject: z.string().min(1).max(256).regex(/^[^\r\n]*$/, 'a subject is one line'),
  messageTemplate: z.string().min(1).max(10_000),
  isDefault: z.boolean().optional(),
});

const messages = z.array(localizedMessage).max(50).superRefine((list, rc) => {
  const seen = new Set<string>();
  list.forEach((m, i) => {
    const key = m.locale.toLowerCase();
    if (seen.has(key)) rc.addIssue({ code: 'custom', path: [i, 'locale'], message: `locale ${m.locale} appears twice` });
    seen.add(key);
  });
  if (list.filter((m) => m.isDefault).length > 1) rc.addIssue({ code: 'custom', path: [], message: 'at most one message may be the default' });
});

/** Graph notificationMessageTemplate with its localizedNotificationMessages (create). */
export const createTemplateBody = z.looseObject({
  '@odata.type': z.literal('#microsoft.graph.notificationMessageTemplate').optional(),
  displayName,
  defaultLocale: localeTag.optional(),
  brandingOptions: z.string().max(256).optional(),
  roleScopeTagIds: z.array(z.string().max(128)).max(100).optional(),
  localizedNotificationMessages: messages.default([]),
});

/** PATCH: fields given replace the stored ones (messages as a whole). */
export const patchTemplateBody = z.object({
  displayName: displayName.optional(),
  defaultLocale: localeTag.optional(),
  localizedNotificationMessages: messages.optional(),
}).strict();
