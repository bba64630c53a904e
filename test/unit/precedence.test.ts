import { supersedes } from '../../src/domain/precedence';

describe('supersedes', () => {
  const early = { recordedAt: '2026-01-01T00:00:00.000000000Z', versionHash: 'ff' };
  const late = { recordedAt: '2026-01-02T00:00:00.000000000Z', versionHash: '00' };

  it('the later recordedAt wins, whatever the hashes', () => {
    expect(supersedes(late, early)).toBe(true);
    expect(supersedes(early, late)).toBe(false);
  });

  it('equal times: the greater hash wins, so arrival order does not matter', () => {
    const a = { recordedAt: early.recordedAt, versionHash: 'aa' };
    const b = { recordedAt: early.recordedAt, versionHash: 'bb' };
    expect(supersedes(b, a)).toBe(true);
    expect(supersedes(a, b)).toBe(false);
    expect(supersedes(a, a)).toBe(false);
  });
});
