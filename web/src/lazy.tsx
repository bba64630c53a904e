/**
 * A page loaded when it is first opened: each page (with its charts or graph library) is its own
 * chunk, so the first screen loads only what it shows.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading } from './components/ui';

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      load().then(
        (c) => {
          loaded = c;
          setPage(() => c);
        },
        // a server upgraded since this tab opened no longer has the old chunk
        () => setFailed(true),
      );
    }, []);
    if (failed)
      return (
        <p class="error" role="alert">
          This page could not be loaded (the server may have been upgraded).{' '}
          <a href={location.href}>Reload</a>
        </p>
      );
    return Page ? <Page {...props} /> : <Loading what="the page" />;
  };
}
