import { describe, expect, it } from 'vitest';
import { createFaultQueue } from './fault-queue.js';

type Fault = { kind: 'error'; status: number } | { kind: 'late' };

describe('createFaultQueue', () => {
  it('takes the first fault matching endpoint, token and account, in order', () => {
    const queue = createFaultQueue<Fault>();
    queue.add({ endpoint: 'init', token: 't1', fault: { kind: 'error', status: 401 } });
    queue.add({ endpoint: '*', account: 'alice', fault: { kind: 'error', status: 500 } });
    queue.add({ endpoint: 'init', fault: { kind: 'error', status: 429 } });
    expect(queue.take({ endpoint: 'status', token: 't1' })).toBeUndefined();
    expect(queue.take({ endpoint: 'init', token: 't2', account: 'bob' })).toEqual({ kind: 'error', status: 429 });
    expect(queue.take({ endpoint: 'status', account: 'alice' })).toEqual({ kind: 'error', status: 500 });
    expect(queue.take({ endpoint: 'init', token: 't1' })).toEqual({ kind: 'error', status: 401 });
    expect(queue.list()).toEqual([]);
  });

  it('applies a fault `count` times and leaves faults the predicate skips', () => {
    const queue = createFaultQueue<Fault>();
    const queued = queue.add({ endpoint: 'init', count: 2, fault: { kind: 'late' } });
    expect(queued.remaining).toBe(2);
    expect(queue.take({ endpoint: 'init' }, (fault) => fault.kind === 'error')).toBeUndefined();
    expect(queue.take({ endpoint: 'init' }, (fault) => fault.kind === 'late')).toEqual({ kind: 'late' });
    expect(queue.list()[0]?.remaining).toBe(1);
    expect(queue.take({ endpoint: 'init' })).toEqual({ kind: 'late' });
    expect(queue.take({ endpoint: 'init' })).toBeUndefined();
  });

  it('clears', () => {
    const queue = createFaultQueue<Fault>();
    queue.add({ endpoint: '*', fault: { kind: 'late' } });
    queue.clear();
    expect(queue.take({ endpoint: 'x' })).toBeUndefined();
  });
});
