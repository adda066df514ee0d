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
  ['not-an-address', 'invalid'],
];

const allowed = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'];

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
    const vpc = new AddressPolicy(['10.0.0.0/8', '127.0.0.1/32', 'fd12::/16']);
    for (const address of ['10.9.8.7', '127.0.0.1', '::ffff:127.0.0.1', 'fd12:1::5'])
      assert.deepEqual(vpc.check(address), { allowed: true }, address);
    for (const address of ['127.0.0.2', '192.168.0.1', '::1', 'fd13::1'])
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
    ])
      assert.equal(everything.check(address).allowed, false, address);
    assert.deepEqual(everything.check('10.0.0.1'), { allowed: true }, 'positive control');
  });
});
