/** A query for a page: its data, its error, and whether it is loading, again when inputs change. */
import { useEffect, useState } from 'preact/hooks';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, request } from './client';

export interface QueryState<T> {
  readonly data?: T;
  readonly error?: ApiError;
  readonly loading: boolean;
  reload(): void;
}

export function useQuery<T, V>(
  document: TypedDocumentString<T, V>,
  variables: V,
  skip = false,
): QueryState<T> {
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({
    loading: !skip,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (skip) return undefined;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    request(document, variables).then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) =>
        live &&
        setState({
          loading: false,
          error: e instanceof ApiError ? e : new ApiError(String(e), 'INTERNAL'),
        }),
    );
    return () => {
      live = false;
    };
  }, [document, key, skip, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}
