import { describe, expect, it } from 'vitest';
import { settlesWithin } from './settle.js';

describe('settlesWithin', () => {
  it('is true for a promise that settles in time, either way', async () => {
    expect(await settlesWithin(Promise.resolve(1), 1000)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('no')), 1000)).toBe(true);
  });
  it('is false for one that does not', async () => {
    expect(await settlesWithin(new Promise(() => {}), 10)).toBe(false);
  });
});
