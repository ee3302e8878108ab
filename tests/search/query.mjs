//! Test harness: runs the real themes/default/static/js/search.js against a built site's search/
//! folder on disk. Usage: `node query.mjs SEARCH_JS SITE_DIR < queries.json`, where the input is
//! `[{"q": "…", "filters": {"kind": "case"}, "offset": 0, "limit": 10}]`; an item `{"text": "…"}`
//! prints the text's fold, tokens and token hashes instead. Prints, per query, the
//! results plus the bytes and files it loaded (files already loaded by an earlier query are cached,
//! as in the browser).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [jsPath, siteDir] = process.argv.slice(2);
const src = readFileSync(jsPath, 'utf8');
// search.js is an ES module in a folder without package.json: import it as a data: URL.
const { createSearch, makeFold, tokenize, fnv1a } = await import('data:text/javascript,' + encodeURIComponent(src));
const queries = JSON.parse(readFileSync(0, 'utf8'));

let loaded = [];
const engine = createSearch(async path => {
  const bytes = new Uint8Array(readFileSync(join(siteDir, 'search', path.split('?')[0])));
  loaded.push([path.split('?')[0], bytes.length]);
  return bytes;
});
const join2 = parts => parts.map(([s, m]) => (m ? `[${s}]` : s)).join('');
const out = [];
const fold = makeFold(readFileSync(join(siteDir, 'search', 'fold.txt'), 'utf8'));
for (const q of queries) {
  loaded = [];
  if (q.text !== undefined) {
    // Tokenizer check: what the browser makes of `text`.
    const f = fold(q.text), tokens = tokenize(f);
    out.push({ fold: f, tokens, hashes: tokens.map(t => fnv1a(new TextEncoder().encode(t))) });
    continue;
  }
  const res = await engine.search(q.q, { filters: q.filters || {}, offset: q.offset || 0, limit: q.limit || 10 });
  out.push({
    q: q.q,
    total: res.total,
    partial: res.partial,
    short: res.short,
    bytes: loaded.reduce((n, [, b]) => n + b, 0),
    files: loaded,
    results: res.results.map(r => ({
      url: r.url, title: join2(r.title), plainTitle: r.title.map(([s]) => s).join(''), exact: r.exact, kind: r.kind,
      dispute: r.dispute, region: r.region, section: r.section, snippet: join2(r.snippet),
    })),
  });
}
process.stdout.write(JSON.stringify(out));
