import { hostAllowed, hostName, hostPolicy, isLoopback } from '../../src/api/allowed-hosts';

describe('the Host names a server answers', () => {
  it('bound to loopback: loopback names only, any port, plus those configured', () => {
    const policy = hostPolicy('127.0.0.1', ['Threadgraph.Plant.Example']);
    for (const ok of [
      '127.0.0.1:4000',
      'localhost:4000',
      'LOCALHOST',
      '[::1]:4000',
      'threadgraph.plant.example',
    ])
      expect([ok, hostAllowed(ok, policy)]).toEqual([ok, true]);
    // a rebound name, a look-alike, no header at all
    for (const refused of [
      'attacker.example:4000',
      'localhost.attacker.example',
      '127.0.0.2',
      undefined,
    ])
      expect([refused, hostAllowed(refused, policy)]).toEqual([refused, false]);
  });

  it('bound elsewhere: any name unless names are configured', () => {
    expect(hostAllowed('pumps.plant.example', hostPolicy('0.0.0.0', []))).toBe(true);
    expect(hostAllowed(undefined, hostPolicy('0.0.0.0', []))).toBe(true);
    const listed = hostPolicy('0.0.0.0', ['pumps.plant.example', ' ']);
    expect(hostAllowed('pumps.plant.example:4000', listed)).toBe(true);
    expect(hostAllowed('localhost:4000', listed)).toBe(false);
  });

  it('reads the name without its port, IPv6 in brackets', () => {
    expect(hostName('[::1]:4000')).toBe('[::1]');
    expect(hostName('A.b:80')).toBe('a.b');
    expect(hostName('a.b')).toBe('a.b');
    expect(hostPolicy('::1', []).names.has('[::1]')).toBe(true);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '10.0.0.5', '127.0.0.1.example'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
