import { describe, expect, it } from 'vitest';
import { createPlatformRegistry, tiktokConfigFor } from './registry.js';
import { createTikTokAdapter } from './tiktok/adapter.js';

describe('createPlatformRegistry', () => {
  const tiktok = createTikTokAdapter(tiktokConfigFor({ sandbox: true, sandboxOrigin: 'http://localhost:3000' }));

  it('finds adapters by id and lists them in order', () => {
    const registry = createPlatformRegistry([tiktok]);
    expect(registry.get('tiktok')).toBe(tiktok);
    expect(registry.get('myspace')).toBeUndefined();
    expect(registry.require('tiktok')).toBe(tiktok);
    expect(() => registry.require('myspace')).toThrow(RangeError);
    expect(registry.list().map((adapter) => adapter.id)).toEqual(['tiktok']);
  });

  it('refuses two adapters for one platform', () => {
    expect(() => createPlatformRegistry([tiktok, tiktok])).toThrow(RangeError);
  });
});

describe('tiktokConfigFor', () => {
  it('uses the real hosts with real credentials outside sandbox mode', () => {
    expect(tiktokConfigFor({ sandbox: false, sandboxOrigin: 'http://localhost:3000', clientKey: 'k', clientSecret: 's' })).toEqual({
      authBaseUrl: 'https://www.tiktok.com',
      apiBaseUrl: 'https://open.tiktokapis.com',
      clientKey: 'k',
      clientSecret: 's',
      sandbox: false,
    });
  });

  it('uses the emulator in sandbox mode or without credentials', () => {
    const sandbox = { authBaseUrl: 'http://localhost:3000/sandbox/tiktok', apiBaseUrl: 'http://localhost:3000/sandbox/tiktok', clientKey: 'sandbox-client-key', clientSecret: 'sandbox-client-secret', sandbox: true };
    expect(tiktokConfigFor({ sandbox: true, sandboxOrigin: 'http://localhost:3000/', clientKey: 'k', clientSecret: 's' })).toEqual(sandbox);
    expect(tiktokConfigFor({ sandbox: false, sandboxOrigin: 'http://localhost:3000', clientKey: 'k' })).toEqual(sandbox);
    expect(tiktokConfigFor({ sandbox: false, sandboxOrigin: 'http://localhost:3000', clientKey: ' ', clientSecret: 's' })).toEqual(sandbox);
  });

  it('declares what TikTok can and cannot do', () => {
    const tiktok = createTikTokAdapter(tiktokConfigFor({ sandbox: true, sandboxOrigin: 'http://localhost:3000' }));
    expect(tiktok.capabilities).toMatchObject({ supportsVideo: true, supportsImages: true, supportsText: false, supportsScheduling: false, supportsDelete: false, supportsEdit: false, supportsDrafts: true, maxCaptionLength: 2200 });
    expect(tiktok.deletePost).toBeUndefined();
    expect(tiktok.editPost).toBeUndefined();
  });
});
