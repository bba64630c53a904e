import type { DocumentRevision } from '../../src/domain/revisions';
import { currency, currentRevisionAt } from '../../src/domain/revisions';
import { parseInstant } from '../../src/domain/time';

const t = (s: string) => parseInstant(s) as string;
const rev = (
  revision: string,
  releasedAt?: string,
  supersededAt?: string,
  status?: string,
): DocumentRevision => ({
  number: 'D-1',
  revision,
  releasedAt: releasedAt ? t(releasedAt) : undefined,
  supersededAt: supersededAt ? t(supersededAt) : undefined,
  status,
});

describe('currentRevisionAt', () => {
  const revisions = [
    rev('A', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 'SUPERSEDED'),
    rev('B', '2026-02-01T00:00:00Z', undefined, 'RELEASED'),
    rev('C', undefined, undefined, 'IN_WORK'),
  ];

  it('is the latest released at or before t', () => {
    expect(currentRevisionAt(revisions, t('2026-01-15T00:00:00Z'))?.revision).toBe('A');
    expect(currentRevisionAt(revisions, t('2026-02-01T00:00:00Z'))?.revision).toBe('B');
    expect(currentRevisionAt(revisions, t('2026-12-01T00:00:00Z'))?.revision).toBe('B');
  });

  it('is none before the first release', () => {
    expect(currentRevisionAt(revisions, t('2025-12-31T23:59:59Z'))).toBeUndefined();
  });

  it('is none when the latest released is already superseded (withdrawn without a successor)', () => {
    const withdrawn = [rev('A', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z')];
    expect(currentRevisionAt(withdrawn, t('2026-02-28T00:00:00Z'))?.revision).toBe('A');
    expect(currentRevisionAt(withdrawn, t('2026-03-01T00:00:00Z'))).toBeUndefined();
  });

  it('never counts IN_WORK, whatever its releasedAt says', () => {
    const draft = [
      rev('A', '2026-01-01T00:00:00Z'),
      rev('B', '2026-02-01T00:00:00Z', undefined, 'IN_WORK'),
    ];
    expect(currentRevisionAt(draft, t('2026-03-01T00:00:00Z'))?.revision).toBe('A');
  });

  it('never counts a placeholder', () => {
    const known = [
      rev('A', '2026-01-01T00:00:00Z'),
      { ...rev('B', '2026-02-01T00:00:00Z'), placeholder: true },
    ];
    expect(currentRevisionAt(known, t('2026-03-01T00:00:00Z'))?.revision).toBe('A');
  });

  it('breaks a tie in releasedAt by revision, whatever the input order', () => {
    const tied = [rev('B', '2026-01-01T00:00:00Z'), rev('A', '2026-01-01T00:00:00Z')];
    expect(currentRevisionAt(tied, t('2026-01-02T00:00:00Z'))?.revision).toBe('B');
    expect(currentRevisionAt([...tied].reverse(), t('2026-01-02T00:00:00Z'))?.revision).toBe('B');
  });

  it('currency names the revision that was current when another was used', () => {
    expect(currency(revisions, 'A', t('2026-03-01T00:00:00Z'))).toEqual({
      current: false,
      currentRevision: 'B',
    });
    expect(currency(revisions, 'B', t('2026-03-01T00:00:00Z'))).toEqual({
      current: true,
      currentRevision: undefined,
    });
  });
});
