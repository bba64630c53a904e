import { parse } from 'graphql';
import type { GraphQLResolveInfo, OperationDefinitionNode, FieldNode } from 'graphql';
import { selectsAny } from '../../src/api/selection';
import { RecallWalks } from '../../src/services/recall-walks';

const unit = (n: number, shipped = false) => ({
  rid: `["Unit","SN-${n}"]`,
  serialNumber: `SN-${n}`,
  depth: 1,
  viaId: 'LOT-1',
  shipped,
});

describe('the recall walks kept for paging', () => {
  it('gives a kept walk back to a cursor of the same start only', () => {
    const walks = new RecallWalks();
    const walk = walks.keep('lot', true, [unit(1, true), unit(2), unit(3, true)]);
    expect(walk.shippedCount).toBe(2);
    expect(walk.indexOf('["Unit","SN-3"]')).toBe(2);
    expect(walk.indexOf('["Unit","SN-9"]')).toBe(-1);
    expect(walks.get(walk.id, 'lot')).toBe(walk);
    expect(walks.get(walk.id, 'another lot')).toBeUndefined();
    expect(walks.get('no such walk', 'lot')).toBeUndefined();
  });

  it('lets a walk go after its time, and the oldest go when too many units are kept', () => {
    let now = 0;
    const walks = new RecallWalks(1000, 5, () => now);
    const a = walks.keep('a', true, [unit(1), unit(2)]);
    now = 500;
    const b = walks.keep('b', true, [unit(3), unit(4)]);
    const c = walks.keep('c', true, [unit(5), unit(6)]); // 6 units kept: a, the oldest, goes
    expect(walks.get(a.id, 'a')).toBeUndefined();
    expect(walks.get(b.id, 'b')).toBe(b);
    now = 1499;
    expect(walks.get(c.id, 'c')).toBe(c);
    now = 1501; // b and c were kept at 500: both have had their 1000 ms
    expect(walks.get(b.id, 'b')).toBeUndefined();
    expect(walks.get(c.id, 'c')).toBeUndefined();
  });
});

describe('what a query selects', () => {
  const info = (query: string) => {
    const op = parse(query).definitions[0] as OperationDefinitionNode;
    return {
      fieldNodes: [op.selectionSet.selections[0] as FieldNode],
    } as unknown as GraphQLResolveInfo;
  };
  const details = ['partNumber', 'status'];

  it('sees a field under the path, and its absence', () => {
    expect(selectsAny(info('{ t { units { serialNumber status } } }'), ['units'], details)).toBe(
      true,
    );
    expect(
      selectsAny(info('{ t { units { serialNumber depth } totalCount } }'), ['units'], details),
    ).toBe(false);
    expect(selectsAny(info('{ t { totalCount partNumber } }'), ['units'], details)).toBe(false);
  });

  it('answers yes where a fragment hides what is selected', () => {
    expect(
      selectsAny(info('{ t { units { ...U } } } fragment U on X { depth }'), ['units'], details),
    ).toBe(true);
    expect(selectsAny(info('{ t { ... on T { units { depth } } } }'), ['units'], details)).toBe(
      true,
    );
  });
});
