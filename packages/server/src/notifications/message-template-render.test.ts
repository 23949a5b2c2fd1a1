import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickLocalizedMessage, renderTemplateText } from './message-template-render.js';

const template = {
  defaultLocale: 'en-US',
  messages: [
    { locale: 'en-US', subject: 'EN', body: 'b' },
    { locale: 'de-DE', subject: 'DE', body: 'b' },
    { locale: 'fr-CA', subject: 'FR', body: 'b' },
  ],
};

describe('pickLocalizedMessage', () => {
  it('prefers the exact locale, then the language, then the default', () => {
    expect(pickLocalizedMessage(template, 'de-de')?.subject).toBe('DE');
    expect(pickLocalizedMessage(template, 'de-AT')?.subject).toBe('DE');
    expect(pickLocalizedMessage(template, 'fr')?.subject).toBe('FR');
    expect(pickLocalizedMessage(template, 'ja-JP')?.subject).toBe('EN');
    expect(pickLocalizedMessage(template, null)?.subject).toBe('EN');
  });
  it('falls back to the first message when the default locale has none', () => {
    expect(pickLocalizedMessage({ defaultLocale: 'it-IT', messages: template.messages.slice(1) }, undefined)?.subject).toBe('DE');
    expect(pickLocalizedMessage({ defaultLocale: 'it-IT', messages: [] }, 'de')).toBeUndefined();
  });
});

describe('renderTemplateText', () => {
  it('replaces known tokens and keeps unknown ones', () => {
    expect(renderTemplateText('Hi {{UserName}}, {{ DeviceName }} {{Nope}}', { UserName: 'Ann', DeviceName: 'pc1' })).toBe('Hi Ann, pc1 {{Nope}}');
  });
  it('does not expand tokens inside substituted values (no injection through device names)', () => {
    expect(renderTemplateText('{{DeviceName}}', { DeviceName: '{{UserName}}', UserName: 'x' })).toBe('{{UserName}}');
  });
  it('leaves text without tokens unchanged (property)', () => {
    fc.assert(fc.property(fc.string().filter((s) => !s.includes('{{')), (s) => {
      expect(renderTemplateText(s, { A: 'b' })).toBe(s);
    }));
  });
});
