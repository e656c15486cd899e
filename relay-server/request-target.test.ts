import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientKey, isLoopbackHost } from './addresses';
import { parseRequestTarget } from './request-target';

test('request targets: paths and absolute URLs parse; what new URL() threw on is null, never a throw', () => {
  assert.equal(parseRequestTarget('/health')?.pathname, '/health');
  assert.equal(parseRequestTarget('/?model=m&access_token=t')?.searchParams.get('access_token'), 't');
  assert.equal(parseRequestTarget('http://example.com/health?x=1')?.pathname, '/health');
  // Tolerated by the URL parser: a path the relay does not serve, not an error.
  for (const target of ['/%', '/%00', '/%zz', '/[', '/\\evil', '/a b', '/é', '/..%2f..']) {
    const url = parseRequestTarget(target);
    assert.ok(url, target);
    assert.equal(url.host, 'relay', `${target} cannot name another host`);
  }
  for (const target of ['//[', '//%', '//x:99999', '//x/health', '//', 'http://x:99999/', 'http://[/', 'ws://:0', '*', '', undefined, 'health', '?a=b']) {
    assert.equal(parseRequestTarget(target), null, String(target));
  }
});

test('loopback hosts: 127.0.0.0/8, ::1 in any spelling, localhost; anything else is remote', () => {
  for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '[::1]']) assert.ok(isLoopbackHost(host), host);
  for (const host of ['0.0.0.0', '::', '', '10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', 'example.com', 'localhost.example.com', '128.0.0.1']) assert.ok(!isLoopbackHost(host), host);
});

test('client key: the remote address, IPv4-mapped IPv6 as plain IPv4', () => {
  assert.equal(clientKey('127.0.0.1'), '127.0.0.1');
  assert.equal(clientKey('::ffff:127.0.0.1'), '127.0.0.1');
  assert.equal(clientKey('::1'), '::1');
  assert.equal(clientKey(undefined), '(unknown)');
});
