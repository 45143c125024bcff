import { describe, expect, it } from 'vitest';
import { postgresEpochs } from './pg-epoch.ts';

describe('epochs shared through PostgreSQL', () => {
  it('lets nothing be served from a cache while the database cannot be reached, and does not fail the request', async () => {
    const shared = postgresEpochs('postgresql://postgres@127.0.0.1:1/unreachable');
    const auth = shared.epoch('auth-epoch');
    const first = await auth.current();
    const second = await auth.current();
    expect(first).toBeLessThan(0);
    expect(second).toBeLessThan(0);
    expect(second).not.toBe(first);
    await expect(auth.bump()).resolves.toBeUndefined();
    await shared.close();
  });
});
