//! pufa search over the static index in search/ (format: src/search.rs): the query is folded by the
//! index's own table and split into the same bigrams and words; only their chunks and the shown
//! results' fragments are fetched. createSearch only calls `load` (tests run it in node); search()
//! gives {total, partial, short, results: [{url, title, snippet, section, kind, dispute, region,
//! date, exact}]}, title and snippet as [text, marked] parts.

const HAN = c => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x323af) || c === 0x3007;
const WORD = c => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
const MAX_WORD = 32, MAX_LOOKUPS = 5;
const WEIGHT = [1, 2, 4, 8]; // posting class: body, body 3+ times, heading, title
const BUDGET = 54000; // bytes a search may fetch before it stops adding results (more on request)
const utf8 = new TextEncoder(), dec = new TextDecoder();

/** The fold of fold.txt (pairs of BMP characters): one character in, one out. */
export function makeFold(pairs) {
  const m = new Map();
  for (let i = 0; i + 1 < pairs.length; i += 2) m.set(pairs.charCodeAt(i), pairs[i + 1]);
  return s => { let o = ''; for (let i = 0; i < s.length; i++) o += m.get(s.charCodeAt(i)) ?? s[i]; return o; };
}

/** Runs of Han and of word characters in folded text (`any`: runs of either), as src/search.rs. */
function runs(f, any) {
  const out = [];
  let cur = null;
  for (const ch of f) {
    const c = ch.codePointAt(0), k = HAN(c) ? 1 : WORD(c) ? 2 : 0;
    if (!k) { cur = null; continue; }
    if (!cur || (!any && cur.k !== k)) out.push(cur = { k, s: [] });
    cur.s.push(ch);
  }
  return out;
}

/** Tokens: overlapping Han bigrams and words; `cover`: only bigrams tiling each run, and its last. */
export function tokenize(f, cover) {
  const out = [];
  for (const { k, s } of runs(f)) {
    // Eleven digits or more are no word of the index (src/search.rs): left out of the query too.
    if (k > 1) { if (!(s.length >= 11 && s.every(c => c >= '0' && c <= '9'))) out.push(s.slice(0, MAX_WORD).join('')); continue; }
    for (let i = 0; i + 1 < s.length; i += cover ? 2 : 1) out.push(s[i] + s[i + 1]);
    if (cover && s.length > 2 && s.length % 2) out.push(s.slice(-2).join(''));
  }
  return out;
}

export function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

function varint(d, p) {
  let v = 0, s = 0, b;
  do { b = d[p.at++]; v += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
  return v;
}

/** {pages, classes} of token bytes `want` (null: the first entry) in a chunk. */
export function readEntry(d, want) {
  const p = { at: 0 };
  while (p.at < d.length) {
    const len = varint(d, p), tok = d.subarray(p.at, p.at + len);
    p.at += len;
    const flags = d[p.at++], n = varint(d, p), dlen = varint(d, p), at = p.at;
    if (want && (len !== want.length || tok.some((b, i) => b !== want[i]))) { p.at += dlen + (flags & 2 ? Math.ceil(n / 4) : 0); continue; }
    const pages = new Uint32Array(n), classes = new Uint8Array(n);
    let k = 0;
    if (flags & 1) { for (let i = 0; i < dlen; i++) for (let j = 0; j < 8; j++) if (d[at + i] & (1 << j)) pages[k++] = i * 8 + j; }
    else for (let v = 0; k < n; k++) pages[k] = v += varint(d, p);
    if (flags & 2) for (let i = 0; i < n; i++) classes[i] = (d[at + dlen + (i >> 2)] >> (2 * (i & 3))) & 3;
    return { pages, classes };
  }
  return null;
}

/** Merged [start, end) ranges of every occurrence of `needles` in `s`. */
function ranges(s, needles) {
  const r = [], out = [];
  for (const n of needles) for (let i = n ? s.indexOf(n) : -1; i >= 0; i = s.indexOf(n, i + n.length)) r.push([i, i + n.length]);
  r.sort((a, b) => a[0] - b[0]);
  for (const x of r) { const l = out[out.length - 1]; if (l && x[0] <= l[1]) l[1] = Math.max(l[1], x[1]); else out.push(x); }
  return out;
}

/** s[from, to) as [text, marked] parts (the fold keeps offsets: folded ranges mark the original). */
function parts(s, rs, from = 0, to = s.length) {
  const out = [];
  for (const [a, b] of rs) {
    if (b <= from || a >= to) continue;
    if (a > from) out.push([s.slice(from, a), 0]);
    out.push([s.slice(Math.max(a, from), from = Math.min(b, to)), 1]);
  }
  if (from < to) out.push([s.slice(from, to), 0]);
  return out;
}

/** A shown result: title, snippet, link to the section of the first match. */
function result(fold, f, id, terms) {
  const ft = fold(f.t), fx = fold(f.x), other = fold([f.d, f.r].join('\n'));
  const heads = f.h.map(([at, id]) => {
    const e = f.x.indexOf('\n', at), t = f.x.slice(at, e < 0 ? undefined : e);
    return { at, t, id: id || t };
  });
  const inTitle = terms.filter(t => ft.includes(t)), inText = terms.filter(t => fx.includes(t));
  const exact = !!f.c || terms.every(t => [ft, fx, other].join('\n').includes(t));
  const bits = terms.flatMap(t => tokenize(t));
  const rs = ranges(fx, inText.length ? inText : bits);
  const at = rs.length ? rs[0][0] : 0, from = Math.max(0, at - 30), to = Math.min(fx.length, from + 120);
  const sec = rs.length ? heads.filter(h => h.at <= at).pop() : null;
  const snippet = [[from ? '…' : ''], ...parts(f.x, rs, from, to).map(([s, m]) => [s.replace(/\s+/g, ' '), m]), [to < fx.length ? '…' : '']];
  const inHead = heads.some(h => terms.some(t => fold(h.t).includes(t)));
  return {
    id, url: f.u + (sec ? '#' + sec.id : ''), title: parts(f.t, ranges(ft, inTitle.length ? inTitle : bits)), snippet,
    section: sec?.t, kind: f.k, dispute: f.d, region: f.r, date: f.a, exact, rank: exact * 4 + !!inTitle.length * 2 + inHead,
  };
}

/** Search over the index; `load(path)` resolves to a file's bytes (path under search/, e.g.
 *  "c/12.bin?v=…"), called once per file. */
export function createSearch(load) {
  const cache = new Map();
  // `spent`: bytes a search newly fetched (BUDGET).
  const get = (p, spent) => {
    // A failed load is forgotten, so the next search retries it.
    if (!cache.has(p)) cache.set(p, load(p).then(b => { if (spent) spent.n += b.length; return b; }, e => { cache.delete(p); throw e; }));
    return cache.get(p);
  };
  let ready;
  const init = () => ready ||= Promise.all([get('meta.json'), get('fold.txt')]).then(([m, f]) => {
    const meta = JSON.parse(dec.decode(m));
    if (meta.version !== 1) throw new Error('search index version ' + meta.version);
    return { meta, fold: makeFold(dec.decode(f)), v: '?v=' + meta.id };
  }, e => { ready = null; throw e; });

  // Ranked page ids holding every token (else the most), filtered.
  async function match(query, filters, spent) {
    const ix = await init(), N = ix.meta.pages, terms = [...new Set(runs(ix.fold(query), 1).map(r => r.s.join('')))];
    let toks = [...new Set(terms.flatMap(t => tokenize(t, true)))];
    // Long queries: evenly spaced lookups bound the bytes; fragments verify the phrase.
    if (toks.length > MAX_LOOKUPS) toks = [...new Set(Array.from({ length: MAX_LOOKUPS }, (_, i) => toks[Math.round(i * (toks.length - 1) / (MAX_LOOKUPS - 1))]))];
    let allow = null;
    for (const [dim, value] of Object.entries(filters || {})) {
      const i = (ix.meta.filters[dim] || []).findIndex(v => v[0] === value);
      if (!value || i < 0) continue;
      const e = readEntry(await get(`v/${dim}-${i}.bin${ix.v}`, spent), null), m = new Uint8Array(N);
      for (const p of e.pages) if (!allow || allow[p]) m[p] = 1;
      allow = m;
    }
    const ok = p => !allow || allow[p], ids = [];
    if (!toks.length) {
      if (allow && !terms.length) for (let p = 0; p < N; p++) if (allow[p]) ids.push(p);
      return { ids, short: !allow || terms.length > 0, terms, ix };
    }
    const score = new Float64Array(N), hits = new Uint8Array(N);
    const entries = await Promise.all(toks.map(t => {
      const b = utf8.encode(t);
      return get(`c/${fnv1a(b) & (ix.meta.chunks - 1)}.bin${ix.v}`, spent).then(d => readEntry(d, b));
    }));
    for (const e of entries) {
      if (!e) continue;
      const idf = Math.log(1 + N / e.pages.length);
      e.pages.forEach((p, k) => { score[p] += WEIGHT[e.classes[k]] * idf; hits[p]++; });
    }
    let best = 0;
    for (let p = 0; p < N; p++) if (ok(p) && hits[p] > best) best = hits[p];
    if (best) for (let p = 0; p < N; p++) if (hits[p] === best && ok(p)) ids.push(p);
    ids.sort((a, b) => score[b] - score[a] || a - b);
    return { ids, partial: best > 0 && best < toks.length, terms, ix };
  }

  return {
    meta: async () => (await init()).meta,
    // `limit` results from `offset`, fewer when their fragments would pass the byte budget.
    async search(query, { filters = {}, offset = 0, limit = 10 } = {}) {
      const spent = { n: 0 }, m = await match(query, filters, spent), ids = m.ids.slice(offset, offset + limit);
      const frag = async id => JSON.parse(dec.decode(await get(`f/${id}.json${m.ix.v}`, spent)));
      const base = spent.n, frags = await Promise.all(ids.slice(0, 3).map(frag));
      // Page lengths vary a lot: add results while the average one still fits the budget.
      while (frags.length < ids.length && spent.n + (spent.n - base) / frags.length <= BUDGET) frags.push(await frag(ids[frags.length]));
      const results = frags.map((f, k) => Object.assign(result(m.ix.fold, f, ids[k], m.terms), { order: k }));
      // Within the fetched page: exact phrase first, then title, heading, index score.
      results.sort((a, b) => b.rank - a.rank || a.order - b.order);
      return { total: m.ids.length, partial: !!m.partial, short: !!m.short, results };
    },
  };
}

const KINDS = { case: '典型案例', convention: '居民公约', article: '普法文章' };
const LABELS = { kind: '类型', dispute: '纠纷类型', region: '地区' };

function ui(root) {
  const el = (tag, cls, txt) => { const e = document.createElement(tag); if (cls) e.className = cls; if (txt != null) e.textContent = txt; return e; };
  // Messages come from the template (data-msg-*), with {q} and {n} filled in.
  const msg = (k, v = {}) => (root.dataset['msg' + k] || '').replace(/\{(\w)\}/g, (_, x) => v[x]);
  const fill = (e, ps) => { for (const [s, m] of ps) e.append(m ? el('mark', '', s) : s); return e; };
  // The index is under the site root the template names, loaded from this origin.
  const b = new URL(root.dataset.base || '/', location.href);
  const base = b.origin === location.origin ? b : new URL(b.pathname, location.href);
  const engine = createSearch(p => fetch(new URL('search/' + p, base), p === 'meta.json' ? { cache: 'no-cache' } : {})
    .then(r => { if (!r.ok) throw new Error(r.status + ' ' + p); return r.arrayBuffer(); }).then(x => new Uint8Array(x)));
  const $ = s => root.querySelector(s), form = $('form'), input = form.elements.q, status = $('[data-search-status]');
  const list = $('[data-search-results]'), more = $('[data-search-more]'), box = $('[data-search-filters]');
  const params = new URLSearchParams(location.search), selects = {};
  let seq = 0, shown = 0, timer;
  input.value = params.get('q') || '';

  const item = r => {
    const li = el('li', 'search-result'), h = el('h2', 'search-result-title'), a = el('a'), meta = el('p', 'search-result-meta');
    a.href = new URL(r.url, base).href;
    h.append(fill(a, r.title));
    for (const t of [KINDS[r.kind] || r.kind, r.dispute, r.region]) if (t) meta.append(el('span', 'badge', t));
    if (r.date) meta.append(el('span', '', r.date));
    if (r.section) meta.append(el('span', '', '§ ' + r.section));
    li.append(h, meta, fill(el('p', 'search-snippet'), r.snippet));
    return li;
  };
  async function run(append) {
    const q = input.value.trim(), filters = {}, my = ++seq;
    for (const [k, s] of Object.entries(selects)) if (s.value) filters[k] = s.value;
    if (!append) {
      const u = new URLSearchParams({ ...(q && { q }), ...filters });
      history.replaceState(null, '', (u + '' ? '?' + u : location.pathname) + location.hash);
      shown = 0;
    }
    if (!q && !Object.keys(filters).length) { list.replaceChildren(); more.hidden = true; status.textContent = ''; return; }
    status.textContent = msg('Loading');
    try {
      const res = await engine.search(q, { filters, offset: shown });
      if (my !== seq) return;
      const items = res.results.map(item);
      if (!append) list.replaceChildren();
      list.append(...items);
      shown += items.length;
      more.hidden = shown >= res.total;
      status.textContent = msg(res.short ? 'Short' : !res.total ? 'None' : res.partial ? 'Partial' : 'Found', { q, n: res.total });
      if (append && items[0]) items[0].querySelector('a').focus();
    } catch (e) {
      if (my !== seq) return;
      status.textContent = msg(location.protocol === 'file:' ? 'File' : 'Error');
      console.error(e);
    }
  }

  engine.meta().then(meta => {
    for (const dim of ['kind', 'dispute', 'region']) {
      const values = meta.filters[dim] || [];
      if (values.length < 2) continue;
      const label = el('label', 'search-filter', LABELS[dim] + ' '), s = selects[dim] = el('select');
      s.name = dim;
      s.append(new Option('全部', ''), ...values.map(([v, n]) => new Option(`${dim === 'kind' ? KINDS[v] || v : v}（${n}）`, v)));
      s.value = params.get(dim) || '';
      s.addEventListener('change', () => run());
      label.append(s);
      box.append(label);
    }
    box.hidden = !Object.keys(selects).length;
  }, () => {}).then(() => run());
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); run(); });
  more.addEventListener('click', () => run(true));
}

if (typeof document !== 'undefined' && document.getElementById('search')) ui(document.getElementById('search'));
