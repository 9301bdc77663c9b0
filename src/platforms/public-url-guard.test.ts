import { describe, expect, it } from 'vitest';
import { assertPublicUrl, isNonPublicAddress, OutboundUrlRefusedError, parseOutboundAllowlist } from './public-url-guard.js';

const resolveTo = (addresses: string[]) => async () => addresses;

async function refusal(promise: Promise<unknown>): Promise<OutboundUrlRefusedError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(OutboundUrlRefusedError);
  return error as OutboundUrlRefusedError;
}

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1', '192.0.2.10',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '::127.0.0.1', 'not an address',
  ])('%s is not public', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );
});

describe('assertPublicUrl', () => {
  it('accepts a public host and returns what it resolved to', async () => {
    const check = await assertPublicUrl('https://cdn.example.com/a.mp4', [], { resolve: resolveTo(['93.184.216.34', '2606:4700::1']) });
    expect(check.addresses).toEqual(['93.184.216.34', '2606:4700::1']);
    expect(check.url.hostname).toBe('cdn.example.com');
  });

  it('refuses literal private addresses, IPv4 and IPv6', async () => {
    for (const url of ['http://127.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:8080/', 'http://[fe80::1]/', 'http://[::ffff:192.168.0.1]/']) {
      expect((await refusal(assertPublicUrl(url))).code).toBe('OUTBOUND_URL_NOT_PUBLIC');
    }
  });

  it('refuses a host when any address it resolves to is private (DNS rebinding to a mix)', async () => {
    const error = await refusal(assertPublicUrl('https://evil.example/', [], { resolve: resolveTo(['93.184.216.34', '10.0.0.5']) }));
    expect(error).toMatchObject({ code: 'OUTBOUND_URL_NOT_PUBLIC', address: '10.0.0.5' });
  });

  it('lets allow-listed hosts, wildcards and ranges through', async () => {
    const allowlist = parseOutboundAllowlist(['minio.internal', '*.corp.example', '10.0.0.0/8', 'fd00::/8', '192.168.1.5']);
    await expect(assertPublicUrl('http://minio.internal:9000/b/k', allowlist, { resolve: resolveTo(['172.20.0.2']) })).resolves.toBeDefined();
    await expect(assertPublicUrl('http://media.corp.example/', allowlist, { resolve: resolveTo(['172.20.0.3']) })).resolves.toBeDefined();
    await expect(assertPublicUrl('http://10.9.8.7/', allowlist)).resolves.toBeDefined();
    await expect(assertPublicUrl('http://[::ffff:10.1.1.1]/', allowlist)).resolves.toBeDefined();
    await expect(assertPublicUrl('http://[fd00::9]/', allowlist)).resolves.toBeDefined();
    await expect(assertPublicUrl('http://192.168.1.5/', allowlist)).resolves.toBeDefined();
    expect((await refusal(assertPublicUrl('http://192.168.1.6/', allowlist))).code).toBe('OUTBOUND_URL_NOT_PUBLIC');
    expect((await refusal(assertPublicUrl('http://corp.example/', allowlist, { resolve: resolveTo(['10.0.0.1', '172.16.0.1']) }))).address).toBe('172.16.0.1');
  });

  it('accepts allow-list entries as plain strings too', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:3000/media/x', ['127.0.0.0/8'])).resolves.toBeDefined();
  });

  it('refuses other schemes, broken URLs and unresolvable hosts', async () => {
    expect((await refusal(assertPublicUrl('file:///etc/passwd'))).code).toBe('OUTBOUND_URL_INVALID');
    expect((await refusal(assertPublicUrl('ftp://example.com/x'))).code).toBe('OUTBOUND_URL_INVALID');
    expect((await refusal(assertPublicUrl('http://'))).code).toBe('OUTBOUND_URL_INVALID');
    const failing = async () => {
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect((await refusal(assertPublicUrl('https://nowhere.invalid/', [], { resolve: failing }))).code).toBe('OUTBOUND_URL_UNRESOLVABLE');
    expect((await refusal(assertPublicUrl('https://empty.example/', [], { resolve: resolveTo([]) }))).code).toBe('OUTBOUND_URL_UNRESOLVABLE');
  });

  it('resolves through the system resolver by default (localhost is refused)', async () => {
    expect((await refusal(assertPublicUrl('http://localhost:3000/'))).code).toBe('OUTBOUND_URL_NOT_PUBLIC');
  });
});

describe('parseOutboundAllowlist', () => {
  it('refuses malformed entries', () => {
    expect(() => parseOutboundAllowlist(['10.0.0.0/33'])).toThrow(RangeError);
    expect(() => parseOutboundAllowlist(['http://example.com'])).toThrow(RangeError);
    expect(() => parseOutboundAllowlist(['exa mple.com'])).toThrow(RangeError);
    expect(parseOutboundAllowlist(['', ' Example.COM ']).hosts.has('example.com')).toBe(true);
  });
});
