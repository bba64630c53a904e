/**
 * Find anything by the number you hold: serials, lots, work orders, parts, NCRs, CAPAs and
 * change orders, by prefix, in any case. A listbox of hits as you type (arrows to move, Enter to
 * open); Enter on the exact number opens it at once; otherwise Enter lists every hit.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { request } from '../api/client';
import { graphql } from '../gql';
import type { SearchQuery } from '../gql/graphql';
import { recordHref } from '../links';
import { kindName } from '../kinds';

export const SEARCH = graphql(`
  query Search($prefix: String!, $first: Int) {
    search(prefix: $prefix, first: $first) {
      kind
      key
      partNumber
      status
      placeholder
    }
  }
`);

type Hit = SearchQuery['search'][number];

export function SearchBox() {
  const [, navigate] = useLocation();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<readonly Hit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const seq = useRef(0);

  useEffect(() => {
    const prefix = text.trim();
    if (prefix === '') {
      setHits([]);
      return undefined;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      request(SEARCH, { prefix, first: 8 }).then(
        (d) => {
          if (mine !== seq.current) return;
          setHits(d.search);
          setActive(-1);
          setOpen(true);
        },
        () => mine === seq.current && setHits([]),
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [text]);

  const go = (hit: Hit) => {
    setOpen(false);
    setText('');
    navigate(recordHref(hit.kind, [hit.key]));
  };

  const onKey = async (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && hits.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp' && hits.length > 0) {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Escape') {
      setOpen(false);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = hits[active];
      if (chosen) return go(chosen);
      const prefix = text.trim();
      if (prefix === '') return undefined;
      // the exact number opens its record; anything else lists the hits
      const found = (await request(SEARCH, { prefix, first: 20 })).search;
      const exact = found.filter((h) => h.key.toLowerCase() === prefix.toLowerCase());
      if (exact.length === 1 && exact[0]) return go(exact[0]);
      setOpen(false);
      navigate(`/search?q=${encodeURIComponent(prefix)}`);
    }
    return undefined;
  };

  return (
    <div class="search" role="search">
      <label for="search-input" class="visually-hidden">
        Find a serial, lot, work order, part, NCR, CAPA or change order
      </label>
      <input
        id="search-input"
        type="search"
        placeholder="Find a serial, lot, work order, part, NCR…"
        autocomplete="off"
        spellcheck={false}
        value={text}
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls="search-hits"
        aria-activedescendant={active >= 0 ? `hit-${active}` : undefined}
        aria-autocomplete="list"
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => void onKey(e)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onFocus={() => hits.length > 0 && setOpen(true)}
      />
      {open && hits.length > 0 ? (
        <ul id="search-hits" role="listbox" class="hits" aria-label="Matching records">
          {hits.map((h, i) => (
            <li
              key={`${h.kind} ${h.key}`}
              id={`hit-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                go(h);
              }}
            >
              <span class="kind">{kindName(h.kind)}</span>
              <span class="key">{h.key}</span>
              {h.partNumber && h.kind !== 'Part' ? <span class="muted">{h.partNumber}</span> : null}
              {h.placeholder ? <span class="muted">referenced, not received</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
