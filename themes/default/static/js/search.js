//! pufa search: queries the static index pufa writes under search/ (see src/search.rs for the
//! format). The query is folded with the table the index was folded with (fold.txt), split into
//! the same Han bigrams and words, and only the chunks of those tokens and the fragments of the
//! shown results are fetched. `createSearch` is pure (it only calls `load`), so tests run it in
//! node; the page code at the end runs only in a browser.

const HAN = c => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x323af) || c === 0x3007;
const WORD = c => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
const MAX_WORD = 32, MAX_LOOKUPS = 5;
const WEIGHT = [1, 2, 4, 8]; // body, body ×3, heading, title
const utf8 = new TextEncoder(), text = new TextDecoder();

/** The fold function of a fold.txt table (pairs of BMP characters). */
export function makeFold(pairs) {
  const m = new Map();
  for (let i = 0; i + 1 < pairs.length; i += 2) m.set(pairs.charCodeAt(i), pairs[i + 1]);
  return s => {
    let o = '';
    for (let i = 0; i < s.length; i++) o += m.get(s.charCodeAt(i)) ?? s[i];
    return o;
  };
}

/** Runs of Han characters and words in folded text: [{han: bool, s}] (as src/search.rs). */
function runs(f) {
  const out = [];
  let cur = null;
  for (const ch of f) {
    const c = ch.codePointAt(0), han = HAN(c);
    if (!han && !WORD(c)) { cur = null; continue; }
    if (!cur || cur.han !== han) out.push(cur = { han, s: [] });
    cur.s.push(ch);
  }
  return out;
}

/** Every token of folded text: overlapping Han bigrams and words. */
export function tokenize(f) {
  const out = [];
  for (const r of runs(f)) {
    if (!r.han) out.push(r.s.slice(0, MAX_WORD).join(''));
    else for (let i = 0; i + 1 < r.s.length; i++) out.push(r.s[i] + r.s[i + 1]);
  }
  return out;
}

/** Query terms: maximal runs of Han and word characters (what must occur verbatim). */
function termsOf(f) {
  const out = [];
  let cur = '';
  for (const ch of f + ' ') {
    const c = ch.codePointAt(0);
    if (HAN(c) || WORD(c)) cur += ch;
    else if (cur) { out.push(cur); cur = ''; }
  }
  return [...new Set(out)];
}

/** Bigrams that cover a Han run without overlap (plus the last one): enough to find the run. */
function cover(f) {
  const out = [];
  for (const r of runs(f)) {
    if (!r.han) { out.push(r.s.slice(0, MAX_WORD).join('')); continue; }
    const L = r.s.length;
    for (let i = 0; i + 1 < L; i += 2) out.push(r.s[i] + r.s[i + 1]);
    if (L > 2 && L % 2) out.push(r.s[L - 2] + r.s[L - 1]);
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

/** Find `want` (UTF-8 bytes, or null for the first entry) in a chunk: {pages, classes} or null. */
export function readEntry(d, want) {
  const p = { at: 0 };
  while (p.at < d.length) {
    const len = varint(d, p), tok = d.subarray(p.at, p.at + len);
    p.at += len;
    const flags = d[p.at++], n = varint(d, p), dlen = varint(d, p), start = p.at;
    const skip = dlen + (flags & 2 ? Math.ceil(n / 4) : 0);
    if (want && (len !== want.length || tok.some((b, i) => b !== want[i]))) { p.at += skip; continue; }
    const pages = new Uint32Array(n), classes = new Uint8Array(n);
    let k = 0;
    if (flags & 1) {
      for (let i = 0; i < dlen; i++) for (let j = 0; j < 8; j++) if (d[start + i] & (1 << j)) pages[k++] = i * 8 + j;
    } else {
      for (let v = 0; k < n; k++) pages[k] = v += varint(d, p);
    }
    if (flags & 2) for (let i = 0; i < n; i++) classes[i] = (d[start + dlen + (i >> 2)] >> (2 * (i & 3))) & 3;
    return { pages, classes };
  }
  return null;
}

function ranges(folded, needles) {
  const r = [];
  for (const n of needles) for (let i = folded.indexOf(n); n && i >= 0; i = folded.indexOf(n, i + n.length)) r.push([i, i + n.length]);
  r.sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const x of r) { const l = out[out.length - 1]; if (l && x[0] <= l[1]) l[1] = Math.max(l[1], x[1]); else out.push(x); }
  return out;
}

/** Text cut into [string, marked] parts, marking `rs` within [from, to). */
function parts(s, rs, from = 0, to = s.length) {
  const out = [];
  let at = from;
  for (const [a, b] of rs) {
    if (b <= at || a >= to) continue;
    if (a > at) out.push([s.slice(at, a), false]);
    out.push([s.slice(Math.max(a, at), Math.min(b, to)), true]);
    at = Math.min(b, to);
  }
  if (at < to) out.push([s.slice(at, to), false]);
  return out;
}

/**
 * A search engine over the index. `load(path)` resolves to the bytes (Uint8Array) of a file under
 * search/ (e.g. "meta.json", "c/12.bin?v=…"); every file is fetched once.
 */
export function createSearch(load) {
  const cache = new Map();
  const get = p => { if (!cache.has(p)) cache.set(p, load(p)); return cache.get(p); };
  let ready;
  const init = () => ready ||= Promise.all([get('meta.json'), get('fold.txt')]).then(([m, f]) => {
    const meta = JSON.parse(text.decode(m));
    if (meta.version !== 1) throw new Error('unsupported search index version ' + meta.version);
    return { meta, fold: makeFold(text.decode(f)), v: '?v=' + meta.id };
  });
  const entry = async (ix, tok) => {
    const b = utf8.encode(tok);
    return readEntry(await get(`c/${fnv1a(b) & (ix.meta.chunks - 1)}.bin${ix.v}`), b);
  };
  const frag = async (ix, id) => JSON.parse(text.decode(await get(`f/${id}.json${ix.v}`)));

  /** Ranked matches: {ids, total, partial, short, terms, ix}. */
  async function match(query, filters) {
    const ix = await init(), N = ix.meta.pages, terms = termsOf(ix.fold(query));
    let toks = [...new Set(terms.flatMap(cover))];
    // Long queries: evenly spaced lookups bound the bytes; fragments verify the phrase.
    if (toks.length > MAX_LOOKUPS) toks = [...new Set(Array.from({ length: MAX_LOOKUPS }, (_, i) => toks[Math.round(i * (toks.length - 1) / (MAX_LOOKUPS - 1))]))];
    let allow = null;
    for (const [dim, value] of Object.entries(filters || {})) {
      const i = (ix.meta.filters[dim] || []).findIndex(v => v[0] === value);
      if (!value || i < 0) continue;
      const e = readEntry(await get(`v/${dim}-${i}.bin${ix.v}`), null), m = new Uint8Array(N);
      for (const p of e.pages) if (!allow || allow[p]) m[p] = 1;
      allow = m;
    }
    if (!toks.length) {
      const ids = [];
      if (allow && !terms.length) for (let p = 0; p < N; p++) if (allow[p]) ids.push(p);
      return { ids, total: ids.length, short: !allow || terms.length > 0, terms, ix };
    }
    const score = new Float64Array(N), hits = new Uint8Array(N);
    for (const e of await Promise.all(toks.map(t => entry(ix, t)))) {
      if (!e) continue;
      const idf = Math.log(1 + N / e.pages.length);
      e.pages.forEach((p, k) => { score[p] += WEIGHT[e.classes[k]] * idf; hits[p]++; });
    }
    let best = 0;
    for (let p = 0; p < N; p++) if ((!allow || allow[p]) && hits[p] > best) best = hits[p];
    const ids = [];
    if (best) for (let p = 0; p < N; p++) if (hits[p] === best && (!allow || allow[p])) ids.push(p);
    ids.sort((a, b) => score[b] - score[a] || a - b);
    return { ids, total: ids.length, partial: best > 0 && best < toks.length, terms, ix };
  }

  /** One shown result from a fragment: title/snippet parts, link, exactness. */
  function result(ix, f, id, terms) {
    const ft = ix.fold(f.t), fx = ix.fold(f.x), extra = ix.fold([f.d, f.r].join('\n'));
    const heads = f.h.map(([at, id]) => {
      const e = f.x.indexOf('\n', at), t = f.x.slice(at, e < 0 ? undefined : e);
      return { at, t, id: id || t };
    });
    const inTitle = terms.filter(t => ft.includes(t)), inBody = terms.filter(t => fx.includes(t));
    const exact = !!f.c || terms.every(t => inTitle.includes(t) || inBody.includes(t) || extra.includes(t));
    const head = heads.some(h => terms.some(t => ix.fold(h.t).includes(t)));
    let rs = ranges(fx, inBody.length ? inBody : terms.flatMap(tokenize));
    const at = rs.length ? rs[0][0] : 0, from = Math.max(0, at - 30), to = Math.min(fx.length, from + 120);
    const sec = rs.length ? heads.filter(h => h.at <= at).pop() : null;
    const snippet = parts(f.x, rs, from, to).map(([s, m]) => [s.replace(/\s+/g, ' '), m]);
    if (from > 0) snippet.unshift(['…', false]);
    if (to < fx.length) snippet.push(['…', false]);
    return {
      id, url: f.u + (sec ? '#' + sec.id : ''), title: parts(f.t, ranges(ft, inTitle.length ? inTitle : terms.flatMap(tokenize))), plainTitle: f.t,
      section: sec ? sec.t : '', kind: f.k || '', dispute: f.d || '', region: f.r || '', date: f.a || '',
      snippet, exact, rank: (exact ? 4 : 0) + (inTitle.length ? 2 : 0) + (head ? 1 : 0),
    };
  }

  return {
    /** The index metadata (filters with counts). */
    meta: async () => (await init()).meta,
    /**
     * Search: {total, partial, short, results: [{url (relative to the site root), title and
     * snippet as [text, marked] parts, kind, dispute, region, date, section, exact}]}.
     */
    async search(query, { filters = {}, offset = 0, limit = 10 } = {}) {
      const m = await match(query, filters), ids = m.ids.slice(offset, offset + limit);
      const frags = await Promise.all(ids.map(id => frag(m.ix, id)));
      const results = frags.map((f, k) => result(m.ix, f, ids[k], m.terms));
      // Verified order within the page: exact phrase first, then title, heading, index score.
      results.forEach((r, k) => { r.order = k; });
      results.sort((a, b) => b.rank - a.rank || a.order - b.order);
      return { total: m.total, partial: !!m.partial, short: !!m.short, results };
    },
  };
}

const KINDS = { case: '典型案例', convention: '居民公约', article: '普法文章' };
const LABELS = { kind: '类型', dispute: '纠纷类型', region: '地区' };

function ui(root) {
  const el = (tag, cls, txt) => { const e = document.createElement(tag); if (cls) e.className = cls; if (txt != null) e.textContent = txt; return e; };
  const fill = (e, ps) => { for (const [s, m] of ps) e.append(m ? el('mark', '', s) : s); return e; };
  // The index lives beside the site root the template names; use this origin (intranet mirrors).
  const b = new URL(root.dataset.base || '/', location.href);
  const base = b.origin === location.origin ? b : new URL(b.pathname, location.href);
  const engine = createSearch(p => fetch(new URL('search/' + p, base), p === 'meta.json' ? { cache: 'no-cache' } : {})
    .then(r => { if (!r.ok) throw new Error(r.status + ' ' + p); return r.arrayBuffer(); }).then(x => new Uint8Array(x)));
  const form = root.querySelector('form'), input = form.elements.q, status = root.querySelector('[data-search-status]');
  const list = root.querySelector('[data-search-results]'), more = root.querySelector('[data-search-more]');
  const box = root.querySelector('[data-search-filters]'), selects = {};
  const params = new URLSearchParams(location.search);
  let seq = 0, shown = 0, timer;
  input.value = params.get('q') || input.value;

  const state = () => {
    const filters = {};
    for (const [k, s] of Object.entries(selects)) if (s.value) filters[k] = s.value;
    return { q: input.value.trim(), filters };
  };
  const item = r => {
    const li = el('li', 'search-result'), h = el('h2', 'search-result-title'), a = el('a');
    a.href = new URL(r.url, base).href;
    h.append(fill(a, r.title));
    const meta = el('p', 'search-result-meta');
    for (const t of [KINDS[r.kind] || r.kind, r.dispute, r.region]) if (t) meta.append(el('span', 'badge', t));
    if (r.date) meta.append(el('span', 'search-date', r.date));
    if (r.section) meta.append(el('span', 'search-section', '§ ' + r.section));
    li.append(h, meta, fill(el('p', 'search-snippet'), r.snippet));
    return li;
  };
  async function run(append) {
    const { q, filters } = state(), my = ++seq;
    if (!append) {
      const u = new URLSearchParams();
      if (q) u.set('q', q);
      for (const [k, v] of Object.entries(filters)) u.set(k, v);
      history.replaceState(null, '', (u.toString() ? '?' + u : location.pathname) + location.hash);
      shown = 0;
    }
    if (!q && !Object.keys(filters).length) { list.replaceChildren(); more.hidden = true; status.textContent = ''; return; }
    status.textContent = '正在搜索…';
    try {
      const res = await engine.search(q, { filters, offset: shown });
      if (my !== seq) return;
      if (!append) list.replaceChildren();
      const first = res.results.map(item);
      list.append(...first);
      shown += res.results.length;
      more.hidden = shown >= res.total;
      status.textContent = res.short ? '请输入至少两个连续的汉字，或一个完整的词语、数字。'
        : !res.total ? `没有找到与“${q}”相关的内容。` : `找到 ${res.total} 条结果` + (res.partial ? '（没有完全匹配的结果，以下是部分匹配）' : '') + '。';
      if (append && first[0]) first[0].querySelector('a').focus();
    } catch (e) {
      if (my !== seq) return;
      status.textContent = location.protocol === 'file:' ? '搜索需要通过网站服务器（http/https）访问，直接打开本地文件时无法使用。' : '搜索索引加载失败，请稍后再试。';
      console.error(e);
    }
  }

  engine.meta().then(meta => {
    for (const dim of ['kind', 'dispute', 'region']) {
      const values = meta.filters[dim] || [];
      if (values.length < 2) continue;
      const label = el('label', 'search-filter', LABELS[dim] + ' '), s = el('select');
      s.name = dim;
      s.append(new Option('全部', ''));
      for (const [v, n] of values) s.append(new Option(`${dim === 'kind' ? KINDS[v] || v : v}（${n}）`, v));
      s.value = params.get(dim) || '';
      s.addEventListener('change', () => run());
      label.append(s);
      box.append(label);
      selects[dim] = s;
    }
    box.hidden = !Object.keys(selects).length;
    run();
  }, () => run());
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); run(); });
  more.addEventListener('click', () => run(true));
}

if (typeof document !== 'undefined') {
  const root = document.getElementById('search');
  if (root) ui(root);
}
