import { defineTask } from '@repowiki/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NonRetriableError, RetryAfterError, TaskAbortedError } from '../errors.js';
import { type AttemptFacts, decide, OUTAGE_RETRY_MS, type Outcome } from './decide.js';

const task = defineTask({
  queue: 'warehouse',
  name: 'decide',
  description: 'decide() fixture',
  payload: z.object({}),
  result: z.object({ n: z.int() }),
  retry: { maxRetries: 2, backoffMs: 100, backoffMaxMs: 150 },
  timeLimits: { softMs: 1_000, hardMs: 2_000 },
});
const NOW = 1_000_000;
const at = (attempt: number, revokeRequested = false, random = 0.5): AttemptFacts => ({
  attempt,
  revokeRequested,
  nowMs: NOW,
  random,
});

describe('decide', () => {
  it('success with a valid result acks, even when a revoke arrived meanwhile', () => {
    expect(decide({ kind: 'success', value: { n: 1 } }, task, at(1))).toEqual({
      kind: 'ack',
      value: { n: 1 },
    });
    expect(decide({ kind: 'success', value: { n: 1 } }, task, at(1, true))).toEqual({
      kind: 'ack',
      value: { n: 1 },
    });
  });

  it('success with an invalid result fails at once (non_retriable, invalid_result)', () => {
    const d = decide({ kind: 'success', value: { n: 'x' } }, task, at(1));
    expect(d).toMatchObject({ kind: 'fail', code: 'non_retriable', error: { code: 'invalid_result' } });
  });

  it('a retriable error retries with exponential, capped, fully jittered backoff while attempt <= maxRetries', () => {
    const e: Outcome = { kind: 'error', error: new Error('boom') };
    // random(0, min(cap, base * 2^(n-1))): base 100, cap 150.
    expect(decide(e, task, at(1))).toMatchObject({
      kind: 'retry',
      atMs: NOW + 50,
      error: { message: 'boom' },
    });
    expect(decide(e, task, at(1, false, 0))).toMatchObject({ kind: 'retry', atMs: NOW });
    expect(decide(e, task, at(1, false, 0.999))).toMatchObject({ kind: 'retry', atMs: NOW + 99 });
    expect(decide(e, task, at(2))).toMatchObject({ kind: 'retry', atMs: NOW + 75 });
    expect(decide(e, task, at(2, false, 0.999))).toMatchObject({ kind: 'retry', atMs: NOW + 149 });
    expect(decide(e, task, at(3))).toMatchObject({ kind: 'fail', code: 'retries_exhausted' });
  });

  it('RetryAfterError retries after its own delay, then is exhausted like any error', () => {
    const e: Outcome = { kind: 'error', error: new RetryAfterError(5_000) };
    expect(decide(e, task, at(1))).toMatchObject({ kind: 'retry', atMs: NOW + 5_000 });
    expect(decide({ kind: 'error', error: new RetryAfterError(-5) }, task, at(1))).toMatchObject({
      atMs: NOW,
    });
    expect(decide(e, task, at(3))).toMatchObject({ kind: 'fail', code: 'retries_exhausted' });
  });

  it('NonRetriableError fails at once with its code in the error', () => {
    const d = decide(
      { kind: 'error', error: new NonRetriableError('no', { code: 'bad_repo' }) },
      task,
      at(1),
    );
    expect(d).toEqual({
      kind: 'fail',
      code: 'non_retriable',
      error: { name: 'NonRetriableError', message: 'no', code: 'bad_repo' },
    });
  });

  it('an aborted handler carries the abort reason as its error code', () => {
    const d = decide({ kind: 'error', error: new TaskAbortedError('soft_time_limit') }, task, at(1));
    expect(d).toMatchObject({ kind: 'retry', error: { code: 'soft_time_limit' } });
  });

  it('non-Error throwables are described', () => {
    expect(decide({ kind: 'error', error: 'plain' }, task, at(3))).toMatchObject({
      kind: 'fail',
      error: { name: 'Error', message: 'plain' },
    });
  });

  it('any error or the hard limit after a revoke request is REVOKED', () => {
    for (const o of [
      { kind: 'error', error: new TaskAbortedError('revoked') },
      { kind: 'error', error: new NonRetriableError('x') },
      { kind: 'hard_limit', hardMs: 2_000 },
    ] satisfies Outcome[]) {
      expect(decide(o, task, at(1, true))).toMatchObject({ kind: 'revoke', error: { code: 'revoked' } });
    }
  });

  it('the hard limit fails at once (time_limit)', () => {
    expect(decide({ kind: 'hard_limit', hardMs: 2_000 }, task, at(1))).toMatchObject({
      kind: 'fail',
      code: 'time_limit',
      error: { code: 'time_limit', message: 'hard time limit of 2000 ms exceeded' },
    });
  });

  it('a hard limit that passed while the database was unreachable is an outage, unless revoked', () => {
    const facts = { ...at(1), outageDuringAttempt: true };
    expect(decide({ kind: 'hard_limit', hardMs: 2_000 }, task, facts)).toMatchObject({
      kind: 'outage',
      atMs: facts.nowMs + OUTAGE_RETRY_MS,
      error: { code: 'time_limit' },
    });
    expect(
      decide({ kind: 'hard_limit', hardMs: 2_000 }, task, { ...at(1, true), outageDuringAttempt: true }),
    ).toMatchObject({ kind: 'revoke' });
    // An ordinary error during an outage keeps its own meaning (retry, counted).
    expect(decide({ kind: 'error', error: new Error('boom') }, task, facts)).toMatchObject({ kind: 'retry' });
  });

  it('shutdown requeues uncounted', () => {
    expect(decide({ kind: 'shutdown' }, task, at(1))).toEqual({ kind: 'requeue' });
  });

  it('a crash loop caught at claim fails worker_crashed; a revoke caught at claim is REVOKED', () => {
    expect(decide({ kind: 'crashed' }, task, at(3))).toMatchObject({
      kind: 'fail',
      code: 'worker_crashed',
      error: { code: 'worker_crashed' },
    });
    expect(decide({ kind: 'revoked' }, task, at(0))).toMatchObject({
      kind: 'revoke',
      error: { message: 'revoked before it started' },
    });
  });
  it('an infrastructure error is an outage: the attempt is given back uncounted, whatever the attempt', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    for (const attempt of [1, 3, 99]) {
      expect(decide({ kind: 'error', error: refused }, task, at(attempt))).toEqual({
        kind: 'outage',
        atMs: NOW + OUTAGE_RETRY_MS,
        error: { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ECONNREFUSED' },
      });
    }
    // A handler's own wrapper around a terminated backend still counts as an outage.
    const wrapped = new Error('query failed', { cause: Object.assign(new Error('x'), { code: '57P01' }) });
    expect(decide({ kind: 'error', error: wrapped }, task, at(3))).toMatchObject({ kind: 'outage' });
    // Not outages: the handler's explicit NonRetriableError, a revoke, an ordinary error.
    const nonRetriable = new NonRetriableError('no', { cause: refused });
    expect(decide({ kind: 'error', error: nonRetriable }, task, at(1))).toMatchObject({ kind: 'fail' });
    expect(decide({ kind: 'error', error: refused }, task, at(1, true))).toMatchObject({ kind: 'revoke' });
    expect(decide({ kind: 'error', error: new Error('boom') }, task, at(3))).toMatchObject({ kind: 'fail' });
  });
});
