import { describe, expect, it } from 'vitest';
import { FailureLog, type LineFailure } from '../src/bulk/failure-log.js';

function failure(line: number): LineFailure {
  return { line, code: 'ERR_TEST', message: `line ${line}`, raw: Buffer.from(`${line}\n`) };
}

describe('FailureLog', () => {
  it('reports failures in dispatch order', () => {
    const reported: number[] = [];
    const log = new FailureLog((entry) => reported.push(entry.line));
    log.settle(2, failure(3));
    log.settle(1, null);

    expect(reported).toEqual([]);

    log.settle(0, failure(1));

    expect(reported).toEqual([1, 3]);
  });

  it('counts the backlog behind an unsettled job', () => {
    const log = new FailureLog(() => {});
    log.settle(1, null);
    log.settle(2, null);

    expect(log.backlog(3)).toBe(3);

    log.settle(0, null);

    expect(log.backlog(3)).toBe(0);
  });
});
