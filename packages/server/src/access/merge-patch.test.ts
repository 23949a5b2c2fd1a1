import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergePatch } from './merge-patch.js';

describe('mergePatch (RFC 7396)', () => {
  it('follows the examples of RFC 7396 appendix A', () => {
    expect(mergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(mergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(mergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch([1, 2], { a: 'b', c: null })).toEqual({ a: 'b' });
    expect(mergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });
  it('an empty patch changes nothing and never mutates its inputs', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), (target, patch) => {
        const t = structuredClone(target);
        const p = structuredClone(patch);
        expect(mergePatch(target, {})).toEqual(target);
        mergePatch(target, patch);
        expect(target).toEqual(t);
        expect(patch).toEqual(p);
      }),
    );
  });
});
