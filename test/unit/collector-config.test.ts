import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCollectorConfig, loadCollectorConfig } from '../../src/collector/config';

const node = (extra: Record<string, unknown> = {}) => ({
  nodeId: 'ns=2;s=M.Temp',
  equipmentId: 'M-1',
  tag: 'Temp',
  ...extra,
});
const endpoint = (extra: Record<string, unknown> = {}) => ({
  name: 'line-1',
  url: 'opc.tcp://plc:4840',
  nodes: [node()],
  ...extra,
});

describe('the collector config', () => {
  it('fills the defaults and converts a site’s unit to the meaning’s', () => {
    const c = checkCollectorConfig(
      { endpoints: [endpoint({ nodes: [node({ meaning: 'temperature', unit: 'degF' })] })] },
      'c.json',
      {},
    );
    const e = c.endpoints[0]!;
    expect(e).toMatchObject({
      securityMode: 'None',
      securityPolicy: 'None',
      identity: { type: 'anonymous' },
      acceptUnknownServerCertificate: false,
      limits: {
        vibration: { ab: 1.4, yellow: 2.8, red: 4.5 },
        temperature: { yellow: 80, red: 95 },
      },
    });
    expect(e.nodes[0]).toMatchObject({
      meaning: 'temperature',
      unit: 'Cel',
      samplingIntervalMs: 1000,
    });
    expect(e.nodes[0]!.convert(212)).toBe(100);
    expect(c.queue).toEqual({ maxBacklog: 5_000_000, memoryBuffer: 200_000, flushMs: 100 });
  });

  it('lists every problem with its path at once', () => {
    expect(() =>
      checkCollectorConfig(
        {
          endpoints: [
            endpoint({
              securityMode: 'SignAndEncrypt',
              identity: { type: 'username', user: 'qe' },
              nodes: [
                node({ meaning: 'vibration', unit: 'mm/s' }),
                node({ meaning: 'temperature', unit: 'mm/s' }),
              ],
            }),
            endpoint(),
          ],
        },
        'c.json',
        {},
      ),
    ).toThrow(
      [
        'the collector config c.json has 7 problems:',
        '  endpoints.0: securityMode SignAndEncrypt with securityPolicy None: None goes with None, Sign and SignAndEncrypt need a policy',
        '  endpoints.0.identity: give one of passwordFile or passwordEnv',
        '  endpoints.0.nodes.0.meaning: vibration is not one of energy_counter, motor_current, vibration_velocity, temperature, machine_state',
        '  endpoints.0.nodes.1: M-1 Temp is fed by endpoints.0.nodes.0 already',
        '  endpoints.0.nodes.1.unit: mm/s is not a unit of temperature (one of Cel, °C, degF, °F, K)',
        '  endpoints.1.nodes.0: M-1 Temp is fed by endpoints.0.nodes.1 already',
      ].join('\n'),
    );
  });

  it('takes a password from a file or the environment, never from the config itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cc-'));
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({
        endpoints: [
          endpoint({ identity: { type: 'username', user: 'qe', passwordFile: 'pw' } }),
          endpoint({
            name: 'l2',
            identity: { type: 'username', user: 'qe', passwordEnv: 'PW' },
            nodes: [node({ tag: 'X' })],
          }),
        ],
      }),
    );
    const c = loadCollectorConfig(file, { PW: 'from-env' });
    expect(c.endpoints.map((e) => e.identity)).toEqual([
      { type: 'username', user: 'qe', password: 's3cret' },
      { type: 'username', user: 'qe', password: 'from-env' },
    ]);
    expect(() =>
      checkCollectorConfig(
        { endpoints: [endpoint({ identity: { type: 'username', user: 'qe', password: 'x' } })] },
        'c.json',
        {},
      ),
    ).toThrow(/endpoints\.0\.identity: Unrecognized key: "password"/);
    expect(() => loadCollectorConfig(join(dir, 'none.json'), {})).toThrow(
      /cannot read the collector config/,
    );
  });
});
