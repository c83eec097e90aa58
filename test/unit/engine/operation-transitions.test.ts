import { advanced, finished, newOperation, resumed } from '../../../src/engine/operation-transitions';
import { StepFailedError } from '../../../src/errors';
import { request } from '../../support/factories';

const t0 = new Date('2026-11-25T03:00:00Z');
const t1 = new Date('2026-11-25T03:10:00Z');

function started() {
  return newOperation({ step: 'start', request: request() }, '20261125-030000-abcdef', 'snapshot-check', t0);
}

describe('operation transitions', () => {
  it('creates a RUNNING operation at the first step, version 0, with its id and target and no storage keys', () => {
    expect(started()).toMatchObject({ operationId: '20261125-030000-abcdef', target: 'staging-orders', status: 'RUNNING', step: 'snapshot-check', version: 0, totalChecks: 0, stepRuns: { 'snapshot-check': { attempts: 1, checks: 0 } } });
    expect(started()).not.toHaveProperty('pk');
  });

  it('advances: ends the step with its duration, starts the next with a new token, merges facts, clears the wait', () => {
    const waiting = { ...started(), waitReason: 'x', nextCheckAt: t0.toISOString(), scheduleName: 'ar-x' };
    const next = advanced(waiting, 'copy-snapshot', { sizeGb: 10 }, t1);
    expect(next.stepRuns['snapshot-check']).toMatchObject({ endedAt: t1.toISOString(), durationMs: 600_000 });
    expect(next.stepRuns['copy-snapshot']).toEqual({ attempts: 1, checks: 0, startedAt: t1.toISOString() });
    expect(next.token).not.toBe(waiting.token);
    expect(next.facts).toEqual({ sizeGb: 10 });
    expect(next).not.toHaveProperty('waitReason');
    expect(next).not.toHaveProperty('scheduleName');
  });

  it('fails with the error, its step, its causes and a TTL', () => {
    const error = new StepFailedError('outer', { cause: new Error('inner') });
    const failed = finished(started(), 'FAILED', t1, 30, { error });
    expect(failed).toMatchObject({ status: 'FAILED', finishedAt: t1.toISOString(), expiresAt: Math.floor(t1.getTime() / 1000) + 30 * 86_400 });
    expect(failed.error).toEqual({ name: 'StepFailedError', message: 'outer', step: 'snapshot-check', causes: ['Error: inner'], at: t1.toISOString() });
  });

  it('resumes from the failed step with a new attempt and token, without the error or TTL', () => {
    const failed = finished(started(), 'FAILED', t1, 30, { error: new StepFailedError('x') });
    const again = resumed(failed, t1);
    expect(again.status).toBe('RUNNING');
    expect(again.stepRuns['snapshot-check']?.attempts).toBe(2);
    expect(again.token).not.toBe(failed.token);
    expect(again).not.toHaveProperty('error');
    expect(again).not.toHaveProperty('expiresAt');
    expect(again).not.toHaveProperty('finishedAt');
  });
});
