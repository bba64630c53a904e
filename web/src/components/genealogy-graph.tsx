/**
 * A genealogy as a graph: serials and lots as boxes, consumption as arrows from parent to child,
 * laid out top-down by dagre, drawn as SVG. Every box is a link to its record (keyboard
 * reachable); zoom and pan with the buttons or the wheel and drag; "fit" shows it all.
 */
import dagre from '@dagrejs/dagre';
import { useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly sub?: string | null;
  readonly href: string;
  readonly tone?: 'root' | 'lot' | 'serial' | 'missing';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

const W = 150;
const H = 44;

/** At most this many edges of one node are drawn; the rest become one "+N more" box. */
const FAN = 12;

/**
 * Keeps a wide fan (many components of one unit, or many units holding one lot) readable: the
 * first edges at each node, then one "+N more" box standing for the rest.
 */
function limitFan(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  moreHref: string | undefined,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const more = new Map<string, GraphNode>();
  const collapse = (list: readonly GraphEdge[], side: 'from' | 'to'): GraphEdge[] => {
    const groups = new Map<string, GraphEdge[]>();
    for (const e of list) groups.set(e[side], [...(groups.get(e[side]) ?? []), e]);
    const out: GraphEdge[] = [];
    for (const [at, group] of groups) {
      out.push(...group.slice(0, FAN));
      if (group.length > FAN) {
        const id = `more:${side}:${at}`;
        more.set(id, {
          id,
          label: `+${group.length - FAN} more`,
          sub: 'listed in the table',
          href: moreHref ?? '#',
          tone: 'lot',
        });
        out.push(side === 'from' ? { from: at, to: id } : { from: id, to: at });
      }
    }
    return out;
  };
  const kept = collapse(collapse(edges, 'to'), 'from');
  if (kept.length === 0) return { nodes: [...nodes], edges: [] };
  const drawn = new Set(kept.flatMap((e) => [e.from, e.to]));
  return {
    nodes: [
      ...nodes.filter((n) => drawn.has(n.id)),
      ...[...more.values()].filter((n) => drawn.has(n.id)),
    ],
    edges: kept,
  };
}

export function GenealogyGraph({
  nodes: allNodes,
  edges: allEdges,
  label,
  moreHref,
}: {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  label: string;
  /** where a "+N more" box leads (the table listing them all) */
  moreHref?: string;
}) {
  const [, navigate] = useLocation();
  const { nodes, edges } = useMemo(
    () => limitFan(allNodes, allEdges, moreHref),
    [allNodes, allEdges, moreHref],
  );
  const layout = useMemo(() => {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 48, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(n.id, { width: W, height: H });
    for (const e of edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to);
    dagre.layout(g);
    const graph = g.graph();
    return {
      width: graph.width ?? W,
      height: graph.height ?? H,
      nodes: nodes.map((n) => ({ ...n, x: g.node(n.id).x, y: g.node(n.id).y })),
      edges: g.edges().map((e) => ({ id: `${e.v}→${e.w}`, points: g.edge(e).points })),
    };
  }, [nodes, edges]);
  const fit = { x: 0, y: 0, w: layout.width, h: layout.height };
  const [view, setView] = useState(fit);
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const zoom = (factor: number) =>
    setView((v) => {
      const w = v.w * factor;
      const h = v.h * factor;
      return { x: v.x + (v.w - w) / 2, y: v.y + (v.h - h) / 2, w, h };
    });
  return (
    <figure class="graph">
      <div class="graph-tools" role="toolbar" aria-label="Zoom">
        <button type="button" onClick={() => zoom(0.8)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoom(1.25)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => setView(fit)}>
          Fit
        </button>
      </div>
      <svg
        viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`}
        // a small tree is drawn at its size, a large one fits the frame
        style={{ height: `${Math.min(440, Math.max(160, layout.height + 24))}px` }}
        role="group"
        aria-label={`${label}. Each box is a link to its record.`}
        onWheel={(e) => {
          e.preventDefault();
          zoom(e.deltaY > 0 ? 1.1 : 0.9);
        }}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          const svg = e.currentTarget;
          if (!d || e.buttons !== 1) return;
          const scale = view.w / svg.clientWidth;
          setView((v) => ({
            ...v,
            x: d.vx - (e.clientX - d.x) * scale,
            y: d.vy - (e.clientY - d.y) * scale,
          }));
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280" />
          </marker>
        </defs>
        {layout.edges.map((e) => (
          <polyline
            key={e.id}
            points={e.points.map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke="#6b7280"
            stroke-width="1.5"
            marker-end="url(#arrow)"
          />
        ))}
        {layout.nodes.map((n) => (
          <a
            key={n.id}
            href={n.href}
            onClick={(e) => {
              e.preventDefault();
              navigate(n.href);
            }}
            class={`node ${n.tone ?? 'serial'}`}
          >
            <rect x={n.x - W / 2} y={n.y - H / 2} width={W} height={H} rx="6" />
            <text x={n.x} y={n.y - (n.sub ? 4 : -4)} text-anchor="middle" class="node-label">
              {n.label.length > 20 ? `${n.label.slice(0, 19)}…` : n.label}
            </text>
            {n.sub ? (
              <text x={n.x} y={n.y + 13} text-anchor="middle" class="node-sub">
                {n.sub.length > 24 ? `${n.sub.slice(0, 23)}…` : n.sub}
              </text>
            ) : null}
            <title>{`${n.label}${n.sub ? ` — ${n.sub}` : ''}`}</title>
          </a>
        ))}
      </svg>
    </figure>
  );
}
