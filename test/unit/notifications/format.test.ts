import { formatDuration, readableJson, truncateSubject } from '../../../src/notifications/format';

describe('notification formatting', () => {
  it.each([
    [0, '0 s'],
    [12_400, '12 s'],
    [185_000, '3 min 05 s'],
    [93_870_000, '26 h 04 min'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    ['a short subject', 'a short subject'],
    ['non-ASCII ✓ is replaced', 'non-ASCII ? is replaced'],
    ['x'.repeat(120), `${'x'.repeat(97)}...`],
  ])('keeps %j a valid SNS subject', (subject, expected) => {
    expect(truncateSubject(subject)).toBe(expected);
  });

  it('lays out JSON one field per line, small flat values inline, and it parses back', () => {
    // Prepare
    const document = { summary: 'done', list: ['a', 'b'], event: { command: 'resume', operationId: 'x' }, nested: { deep: { n: 1 } }, gone: undefined };

    // Act
    const text = readableJson(document);

    // Assess
    expect(text).toBe('{\n  "summary": "done",\n  "list": ["a","b"],\n  "event": {"command":"resume","operationId":"x"},\n  "nested": {\n    "deep": {"n":1}\n  }\n}\n');
    expect(JSON.parse(text)).toEqual({ summary: 'done', list: ['a', 'b'], event: { command: 'resume', operationId: 'x' }, nested: { deep: { n: 1 } } });
  });
});
