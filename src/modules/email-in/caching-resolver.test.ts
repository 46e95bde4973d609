import { describe, expect, it } from 'vitest';
import { createCachingResolver } from './caching-resolver.js';

describe('createCachingResolver', () => {
  it('asks once per record, shares a lookup in flight, and caches failures too', async () => {
    const asked: string[] = [];
    const resolver = createCachingResolver(async (name, rrtype) => {
      asked.push(`${rrtype} ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (name.startsWith('_dmarc')) throw Object.assign(new Error('no record'), { code: 'ENOTFOUND' });
      return [['v=spf1 -all']];
    });
    const [a, b] = await Promise.all([resolver('example.org', 'TXT'), resolver('EXAMPLE.org', 'TXT')]);
    expect(a).toEqual([['v=spf1 -all']]);
    expect(b).toBe(a);
    await expect(resolver('_dmarc.example.org', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver('_dmarc.example.org', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(await resolver('example.org', 'TXT')).toBe(a);
    expect(asked).toEqual(['TXT example.org', 'TXT _dmarc.example.org']);
  });

  it('forgets entries after their time to live', async () => {
    let calls = 0;
    const resolver = createCachingResolver(async () => ++calls, { ttlMs: 20 });
    expect(await resolver('a.example', 'A')).toBe(1);
    expect(await resolver('a.example', 'A')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await resolver('a.example', 'A')).toBe(2);
  });
});
