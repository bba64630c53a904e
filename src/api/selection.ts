/**
 * Whether a query selects any of some fields under a path of its field: resolvers leave out what
 * nobody asked for. Fragments are not followed: with one on the path, the answer is yes.
 */
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

export function selectsAny(
  info: GraphQLResolveInfo,
  path: readonly string[],
  fields: readonly string[],
): boolean {
  return info.fieldNodes.some((node) => within(node.selectionSet, path, fields));
}

function within(
  set: SelectionSetNode | undefined,
  path: readonly string[],
  fields: readonly string[],
): boolean {
  if (set === undefined) return false;
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) return true;
    const name = selection.name.value;
    if (
      path.length === 0
        ? fields.includes(name)
        : name === path[0] && within(selection.selectionSet, path.slice(1), fields)
    )
      return true;
  }
  return false;
}
