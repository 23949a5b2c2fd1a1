/** A localized message as stored (Graph localizedNotificationMessage: `messageTemplate` is our `body`). */
export interface LocalizedText { readonly locale: string; readonly subject: string; readonly body: string }

/**
 * The message for a recipient's preferred language: the exact locale (case-insensitive), then
 * the same language (`de` for `de-AT`), then the template's default locale, then the first one.
 */
export function pickLocalizedMessage(template: { defaultLocale: string; messages: readonly LocalizedText[] }, preferred?: string | null): LocalizedText | undefined {
  const msgs = template.messages;
  const lower = (s: string) => s.toLowerCase();
  if (preferred) {
    const exact = msgs.find((m) => lower(m.locale) === lower(preferred));
    if (exact) return exact;
    const lang = lower(preferred).split('-')[0];
    const sameLanguage = msgs.find((m) => lower(m.locale).split('-')[0] === lang);
    if (sameLanguage) return sameLanguage;
  }
  return msgs.find((m) => lower(m.locale) === lower(template.defaultLocale)) ?? msgs[0];
}

/**
 * Replace Intune-style tokens (`{{DeviceName}}`, `{{UserName}}` ...) with values. Unknown tokens
 * stay as written so an admin sees the typo in the received mail instead of an empty gap.
 * Hand-written: a template engine (Handlebars) would add logic and HTML escaping rules this
 * plain-text substitution does not need.
 */
export function renderTemplateText(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([A-Za-z][A-Za-z0-9]{0,63})\s*\}\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : whole));
}

/** The English message used when a notification action names no template (or a deleted one). */
export const DEFAULT_NONCOMPLIANCE_MESSAGE: LocalizedText = {
  locale: 'en-US',
  subject: 'Action needed: {{DeviceName}} does not meet your organization\'s requirements',
  body: [
    'Hello {{UserName}},',
    '',
    'Your device {{DeviceName}} ({{OSAndVersion}}) does not meet the compliance policy "{{PolicyName}}".',
    '',
    'What to fix:',
    '{{FailingSettings}}',
    '',
    'Until it is fixed, access to company resources may be blocked. Details: {{PortalUrl}}',
  ].join('\n'),
};
