import { z } from 'zod';
import { findJsonProblem, serialisedBytes } from '../../../src/request/json-shape';
import { MAX_NESTING_DEPTH } from '../../../src/request/limits';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

describe('findJsonProblem', () => {
  it.each([
    ['__proto__ as JSON.parse makes it (an own key)', '{"request":{"target":{"tags":{"__proto__":{"x":1}}}}}', ['request', 'target', 'tags', '__proto__']],
    ['constructor', '{"detail":{"constructor":"x"}}', ['detail', 'constructor']],
    ['prototype inside an array', '{"roles":[{"name":"a"},{"prototype":1}]}', ['roles', 1, 'prototype']],
  ])('refuses %s, naming its path', (_case, json, path) => {
    expect(findJsonProblem(JSON.parse(json))).toEqual({ path, message: expect.stringContaining('is not allowed anywhere in an event') });
  });

  it(`accepts ${MAX_NESTING_DEPTH} levels and refuses one more`, () => {
    expect(findJsonProblem(nested(MAX_NESTING_DEPTH))).toBeUndefined();
    expect(findJsonProblem(nested(MAX_NESTING_DEPTH + 1))).toEqual({ path: Array(MAX_NESTING_DEPTH).fill('a'), message: expect.stringContaining(`deeper than ${MAX_NESTING_DEPTH} levels`) });
  });

  it('walks a million levels and a cycle without overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(findJsonProblem(nested(1_000_000))?.message).toMatch(/deeper than/);
    expect(findJsonProblem(cyclic)?.message).toMatch(/deeper than/);
  });

  it('accepts keys that merely contain the forbidden words', () => {
    expect(findJsonProblem({ constructorName: 1, tags: { 'my:prototype': 'x' } })).toBeUndefined();
  });
});

describe('serialisedBytes', () => {
  it('counts UTF-8 bytes, and says when a value is not JSON', () => {
    expect(serialisedBytes({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(serialisedBytes({ a: 1n })).toBeUndefined();
  });
});

describe('why the walk exists: zod on own __proto__ keys', () => {
  it('drops an own __proto__ key from a record silently, which is why the edge refuses it before zod looks', () => {
    // Prepare
    const tags = JSON.parse('{"__proto__":"x","team":"data"}') as Record<string, string>;

    // Act
    const parsed = z.record(z.string(), z.string()).parse(tags);

    // Assess: zod's answer loses the key without a word; findJsonProblem names it.
    expect(Object.keys(tags)).toEqual(['__proto__', 'team']);
    expect(Object.keys(parsed)).toEqual(['team']);
    expect(findJsonProblem({ tags })?.path).toEqual(['tags', '__proto__']);
  });
});
