import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddressPolicy, type RefusalReason } from './address-policy.js';

const refused: [string, RefusalReason][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['::1', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'private'], // CGNAT
  ['100.127.255.254', 'private'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'], // ULA
  ['169.254.1.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'reserved'],
  ['169.254.169.254', 'metadata'],
  ['fd00:ec2::254', 'metadata'],
  ['100.100.100.200', 'metadata'],
  // IPv6 forms that carry an IPv4 address are judged by it.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['64:ff9b::7f00:1', 'loopback'], // NAT64 of 127.0.0.1
  ['64:ff9b::a9fe:a9fe', 'metadata'], // NAT64 of 169.254.169.254
  ['::7f00:1', 'reserved'], // deprecated IPv4-compatible ::127.0.0.1
  ['::a9fe:a9fe', 'metadata'], // and ::169.254.169.254
  ['::ffff:0:7f00:1', 'reserved'], // IPv4-translated (RFC 6145) ::ffff:0:127.0.0.1
  ['::ffff:0:808:808', 'reserved'], // not unicast, whatever it carries
  ['::ffff:0:a9fe:a9fe', 'metadata'],
  ['2002:a9fe:a9fe::1', 'metadata'], // 6to4 of 169.254.169.254
  ['2002:7f00:1::1', 'loopback'], // 6to4 of 127.0.0.1
  ['2002:a00:1:5::9', 'private'], // 6to4 of 10.0.0.1
  ['2002:c000:201::', 'reserved'], // 6to4 of 192.0.2.1
  // Teredo 2001:0:<server>:<flags>:<port>:<client XOR ffff:ffff>; server 65.54.227.120.
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // client 127.0.0.1
  ['2001:0:4136:e378:8000:63bf:5601:5601', 'metadata'], // client 169.254.169.254
  ['2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7', 'metadata'], // server 169.254.169.254
  ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'private'], // server 10.0.0.1
  ['64:ff9b:1::a00:1', 'private'], // local-use NAT64
  // Discard, documentation, benchmarking and other special-purpose ranges.
  ['100::1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['2001:db8:ffff::1', 'reserved'],
  ['3fff::1', 'reserved'],
  ['2001:2::1', 'reserved'],
  ['2001:20::1', 'reserved'], // ORCHIDv2
  ['fec0::1', 'private'], // deprecated site-local
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'reserved'], // TEST-NET-1
  ['198.51.100.7', 'reserved'], // TEST-NET-2
  ['203.0.113.9', 'reserved'], // TEST-NET-3
  ['198.18.0.1', 'reserved'], // benchmarking 198.18.0.0/15
  ['198.19.255.255', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['not-an-address', 'invalid'],
];

const allowed = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '198.17.255.255', // just below 198.18.0.0/15
  '198.20.0.1', // just above
  '2606:4700::1111',
  '2001:db7:ffff::1', // just below 2001:db8::/32
  '2001:200::1', // a real allocation beside the special 2001::/23
  '::ffff:8.8.8.8',
  '64:ff9b::808:808', // NAT64 of 8.8.8.8
  '2002:808:808::1', // 6to4 of 8.8.8.8
  '2001:0:4136:e378:8000:63bf:f7f7:f7f7', // Teredo, client 8.8.8.8
];

describe('AddressPolicy', () => {
  const policy = new AddressPolicy();

  for (const [address, reason] of refused)
    it(`refuses ${address} (${reason})`, () => {
      assert.deepEqual(policy.check(address), { allowed: false, reason });
    });

  for (const address of allowed)
    it(`allows public ${address}`, () => {
      assert.deepEqual(policy.check(address), { allowed: true });
    });

  it('allows special-purpose addresses inside an allowed CIDR, and only those', () => {
    const vpc = new AddressPolicy([
      '10.0.0.0/8',
      '127.0.0.1/32',
      'fd12::/16',
      '192.0.2.0/24',
      '2001:db8::/32',
    ]);
    for (const address of [
      '10.9.8.7',
      '127.0.0.1',
      '::ffff:127.0.0.1',
      'fd12:1::5',
      '192.0.2.55',
      '2001:db8::5',
      '2002:a09:807::1', // 6to4 and NAT64 forms are judged by their IPv4
      '64:ff9b::7f00:1',
    ])
      assert.deepEqual(vpc.check(address), { allowed: true }, address);
    for (const address of [
      '127.0.0.2',
      '192.168.0.1',
      '::1',
      'fd13::1',
      '198.51.100.1',
      '3fff::1', // documentation too, but not listed
      '2002:c0a8:1::1',
      '::ffff:0:7f00:1', // IPv4-translated: not covered by 127.0.0.1/32
    ])
      assert.equal(vpc.check(address).allowed, false, address);
  });

  it('refuses metadata and IPv4 link-local addresses even when listed or covered', () => {
    const everything = new AddressPolicy([
      '0.0.0.0/0',
      '::/0',
      '169.254.169.254/32',
      '169.254.0.0/16',
      'fd00:ec2::254/128',
    ]);
    for (const address of [
      '169.254.169.254',
      '169.254.0.1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '100.100.100.200',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
      '2002:a9fe:1::1', // 6to4 of 169.254.0.1
      '2001:0:4136:e378:8000:63bf:5601:5601',
      '::ffff:0:a9fe:a9fe',
      '::a9fe:a9fe',
    ])
      assert.equal(everything.check(address).allowed, false, address);
    for (const address of ['10.0.0.1', '2002:a00:1::1', '2001:db8::1', '::ffff:0:a00:1'])
      assert.deepEqual(everything.check(address), { allowed: true }, `positive control ${address}`);
  });
});
