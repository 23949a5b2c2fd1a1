import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { filter as scimFilter } from 'scim2-parse-filter';
import { parseFilter } from './scim-service.js';
import { ScimError } from './scim-errors.js';

const ada = { userName: 'ada@example.com', active: true, name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'ada@example.com', type: 'work' }], title: 'Countess' };
const bob = { userName: 'bob@example.com', active: false, name: { givenName: 'Bob', familyName: 'Babbage' }, emails: [{ value: 'bob@home.example', type: 'home' }] };

describe('SCIM filters (RFC 7644 §3.4.2.2)', () => {
  // Expected matches written by hand from the RFC's semantics.
  it.each([
    ['userName eq "ada@example.com"', ['ada@example.com']],
    ['name.familyName sw "Bab"', ['bob@example.com']],
    ['active eq true and name.givenName co "d"', ['ada@example.com']],
    ['title pr', ['ada@example.com']],
    ['not (active eq true)', ['bob@example.com']],
    ['emails[type eq "work" and value ew "example.com"]', ['ada@example.com']],
    ['userName eq "ada@example.com" or userName eq "bob@example.com"', ['ada@example.com', 'bob@example.com']],
  ])('%s', (text, expected) => {
    expect([ada, bob].filter(scimFilter(parseFilter(text))).map((u) => u.userName)).toEqual(expected);
  });

  it('answers any string with a filter or a 400 invalidFilter, never another error', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: fc.constantFrom('a', ' ', '"', '(', ')', '[', ']', 'eq', 'and', 'or', 'not', 'pr', '.', '1') , maxLength: 30 }).map((s) => s)), (text) => {
      try {
        parseFilter(text);
      } catch (err) {
        expect(err).toBeInstanceOf(ScimError);
        expect(err).toMatchObject({ status: 400, scimType: 'invalidFilter' });
      }
    }), { numRuns: 2000 });
    expect(() => parseFilter('x'.repeat(5000))).toThrow(ScimError);
  });
});
