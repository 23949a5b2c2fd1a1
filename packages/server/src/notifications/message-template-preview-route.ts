import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/route.js';
import { renderTemplateText } from './message-template-render.js';

const previewBody = z.object({
  subject: z.string().max(1024),
  messageTemplate: z.string().max(16_384),
}).strict();

export const templatePreviewResponse = z.object({ subject: z.string(), body: z.string(), variables: z.record(z.string(), z.string()) });

/** Sample values for every token a noncompliance e-mail fills in (the executor's names), so a preview shows each. */
function sampleVariables(portalUrl: string): Record<string, string> {
  return {
    UserName: 'Ada Lovelace', DeviceName: 'ada-laptop', DeviceId: '00000000-0000-4000-8000-000000000001', OSAndVersion: 'Ubuntu 22.04',
    PolicyName: 'Linux - Ubuntu workstations', PortalUrl: portalUrl,
    FailingSettings: '- The firewall is turned off. Turn on the firewall (ufw enable) and check in again.',
  };
}

/** Render a message template with sample values, through the same renderer the noncompliance e-mail uses. */
export function messageTemplatePreviewRoutes(publicUrl: () => string): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/v1/notification-message-templates/preview', auth: { kind: 'admin', permission: 'policies.read' }, tag: 'compliance',
      summary: 'Preview a notification message: the subject and text rendered with sample values (unknown tokens stay as written).',
      body: previewBody, response: templatePreviewResponse,
      handler: async ({ body }) => {
        const variables = sampleVariables(`${publicUrl()}/portal`);
        return { subject: renderTemplateText(body.subject, variables).replace(/[\r\n]+/g, ' '), body: renderTemplateText(body.messageTemplate, variables), variables };
      },
    }),
  ];
}
