/**
 * What a person sees at / (and at /graphql in a browser): what this is, what to ask, and a small
 * query runner. Self-contained: a plant network often reaches no CDN, so nothing is fetched.
 */

export const EXAMPLE_QUERY = `{
  evidenceChain(serialNumber: "SN-0047") {
    serialNumber
    partNumber
    builtToRevision
    complete
    gaps { code ref message }
    drawing { number revision current currentRevision }
    requirements { id title status }
    operations {
      opNumber startedAt equipmentId operatorId
      workInstruction { number revision current currentRevision }
    }
    inspections {
      characteristicId result inspectedAt
      plan { number revision current currentRevision }
    }
    nonconformances { id status disposition via capa { id status } }
    components { kind id partNumber depth parentId }
  }
}`;

const OTHER_QUERIES: readonly [string, string][] = [
  [
    'Recall scope: every unit that holds seal-kit lot SK-00001',
    '{\n  traceForward(lotNumber: "SK-00001", first: 20) {\n    totalCount shippedCount\n    units { serialNumber partNumber depth status shipmentId customer }\n    pageInfo { hasNextPage endCursor }\n  }\n}',
  ],
  [
    'Change impact of ECO-0007 (C→D, serial effectivity from SN-0041)',
    '{\n  changeImpact(changeOrderId: "ECO-0007") {\n    escapeCount effectivity { type from to }\n    workOrders { id revision lockedToSupersededRevision units }\n    units { serialNumber workOrderId builtToRevision builtToSupersededRevision }\n  }\n}',
  ],
  [
    'Thread health across both plants, and the cost of broken boundaries',
    '{\n  threadHealth {\n    revisionEscapeRate structuredNcrRate evidenceCompleteness\n    operations nonconformances shippedUnits\n    bySite { site revisionEscapeRate structuredNcrRate evidenceCompleteness }\n    releaseToFloor { medianHours maxHours }\n    brokenBoundaryCost { pmiss annualCost currency }\n  }\n}',
  ],
  [
    'Requirement coverage of PA-100 revision D',
    '{\n  requirementCoverage(partNumber: "PA-100", revision: "D") {\n    designCoverage verificationCoverage\n    requirements { id title verifyingCharacteristics verifiedUnits totalUnits }\n  }\n}',
  ],
  [
    'Data ownership audit',
    '{\n  ownershipAudit { kind authority contested versioning readBy findings senders { source system records refused } }\n}',
  ],
  [
    'Records refused by the authority rules',
    '{\n  governanceViolations(first: 20) {\n    totalCount\n    nodes { kind source key reason importId }\n    pageInfo { hasNextPage endCursor }\n  }\n}',
  ],
];

const escapeText = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function landingPage(graphqlPath: string): string {
  const examples = [
    ['The evidence chain of SN-0047 (the seed story)', EXAMPLE_QUERY],
    ...OTHER_QUERIES,
  ]
    .map(([title], i) => `<li><a href="#" data-example="${i}">${escape(title as string)}</a></li>`)
    .join('');
  const queries = JSON.stringify([EXAMPLE_QUERY, ...OTHER_QUERIES.map(([, q]) => q)]).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>threadgraph</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
  header { background: #1d2430; color: #fff; padding: 14px 24px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; color: #c9d1dc; }
  main { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(320px, 1fr); gap: 16px; padding: 16px 24px; }
  textarea, pre { width: 100%; box-sizing: border-box; font: 13px/1.4 ui-monospace, monospace; border: 1px solid #cfd5dd; border-radius: 6px; background: #fff; padding: 10px; }
  textarea { height: 460px; resize: vertical; }
  pre { height: 520px; overflow: auto; margin: 0; }
  pre.example { height: auto; max-height: 160px; margin: 8px 0; }
  button { font: inherit; padding: 6px 16px; border-radius: 6px; border: 0; background: #2f6fdd; color: #fff; cursor: pointer; }
  code { background: #e8ebf0; padding: 1px 4px; border-radius: 3px; }
  section { grid-column: 1 / -1; }
</style>
</head>
<body>
<header>
  <h1>threadgraph</h1>
  <p>The digital thread of every serial number: how it was built, from which revisions, with which evidence and gaps.</p>
</header>
<main>
  <section>
    GraphQL endpoint: <code>POST ${escape(graphqlPath)}</code> (JSON body <code>{"query": "…"}</code>).
    Try: <ul>${examples}</ul>
    <pre class="example">${escapeText(EXAMPLE_QUERY)}</pre>
    <code>complete</code> is true only when <code>gaps</code> is empty; each gap's <code>code</code> is one of the
    canonical model's gap codes and <code>ref</code> the key of the record it is about.
  </section>
  <div>
    <textarea id="query" spellcheck="false"></textarea>
    <p><button id="run">Run (Ctrl+Enter)</button></p>
  </div>
  <pre id="result">Press Run.</pre>
</main>
<script>
  const queries = ${queries};
  const box = document.getElementById('query');
  const out = document.getElementById('result');
  box.value = queries[0];
  for (const a of document.querySelectorAll('[data-example]')) {
    a.addEventListener('click', (e) => { e.preventDefault(); box.value = queries[Number(a.dataset.example)]; run(); });
  }
  async function run() {
    out.textContent = 'Running…';
    const started = performance.now();
    try {
      const res = await fetch(${JSON.stringify(graphqlPath)}, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: box.value }),
      });
      const body = await res.json();
      out.textContent = JSON.stringify(body, null, 2) + '\\n\\n// ' + Math.round(performance.now() - started) + ' ms';
    } catch (err) {
      out.textContent = String(err);
    }
  }
  document.getElementById('run').addEventListener('click', run);
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
</script>
</body>
</html>
`;
}
