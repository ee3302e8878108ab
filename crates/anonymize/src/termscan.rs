//! Fast multi-term byte scanner for the output audit.
//!
//! Tens of thousands of audit terms make a classic Aho-Corasick automaton cache-bound on Chinese
//! text (every byte of a Han character is a transition). This scanner splits the work by how a
//! term starts:
//! * terms starting with a character of 3–4 UTF-8 bytes (Han names, plates): keyed by their first
//!   two characters; a 2^20-bit filter rejects almost every position with one multiply and one
//!   bit test, survivors are verified against the (few) terms with that key;
//! * pure digit terms (IDs, phones, cards…, optional trailing X): every maximal ASCII digit run is
//!   looked up exactly, which also gives digit boundaries for free;
//! * everything else (e-mail, WeChat IDs, Latin names): one ASCII-case-insensitive Aho-Corasick
//!   automaton, normally small.
//!
//! Matches are reported leftmost-longest per start position, non-overlapping. The audit's walk
//! also hands every wide character and every digit run it passes to a [`Side`] (numbers, names
//! split by markup) and reads the given names of an [`OverlapScanner`], so a file is read once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use aho_corasick::{AhoCorasick, MatchKind};

/// A small, fast, non-cryptographic hasher for integer keys (FxHash-style).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, i: u128) {
        self.write_u64(i as u64);
        self.write_u64((i >> 64) as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

const FILTER_BITS: u32 = 20;

pub(crate) fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Pack the bytes of the first two characters (≤ 8 bytes) into a key, ASCII lower-cased.
#[inline]
fn pack(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0u64, |k, &x| (k << 8) | u64::from(x.to_ascii_lowercase()))
}

/// Code point of a 3-byte UTF-8 sequence (continuation bytes already checked).
#[inline]
fn cp3(b: &[u8]) -> usize {
    (usize::from(b[0] & 0x0F) << 12) | (usize::from(b[1] & 0x3F) << 6) | usize::from(b[2] & 0x3F)
}

#[inline]
fn filter_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

/// Digit-run key: (length, trailing X, value).
type DigitKey = (u8, bool, u128);

fn digit_key(run: &[u8]) -> Option<DigitKey> {
    let (digits, x) = match run.last() {
        Some(b'X' | b'x') => (&run[..run.len() - 1], true),
        _ => (run, false),
    };
    if digits.is_empty() || digits.len() > 36 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = digits
        .iter()
        .fold(0u128, |v, &d| v * 10 + u128::from(d - b'0'));
    Some((run.len() as u8, x, v))
}

/// Add automaton matches (their pattern index mapped through `ids`) and sort all by start.
fn push_sorted(
    out: &mut Vec<Hit>,
    matches: impl Iterator<Item = aho_corasick::Match>,
    ids: &[u32],
) {
    for m in matches {
        if let Some(&id) = ids.get(m.pattern().as_usize()) {
            out.push((m.start(), m.end(), id));
        }
    }
    out.sort_unstable();
}

/// One occurrence: start and end byte offsets, pattern id.
pub type Hit = (usize, usize, u32);

/// Length of a separator between the digit groups of one number at `i` (`138 1234 5678`,
/// `0571-88886666`, `138.1234.5678`, a no-break space, a middle dot, a line break), or 0.
#[inline]
fn group_sep(hay: &[u8], i: usize) -> usize {
    match hay.get(i..).unwrap_or_default() {
        [b' ' | b'-' | b'.' | b'\n' | b'_', ..] => 1,
        [0xC2, 0xA0 | 0xB7, ..] => 2,
        _ => 0,
    }
}

/// Is code point `cp` one the scan notes as rare besides the full-width digits: an invisible
/// character ([`crate::project::is_invisible`]) or a compatibility ideograph or radical, which a
/// name can be written with and which only the decoded copy shows as the name?
pub fn is_rare(cp: u32) -> bool {
    char::from_u32(cp).is_some_and(|c| {
        crate::project::is_invisible(c) || crate::audit::compat_ideograph(c).is_some()
    })
}

/// Full-width digits (０–９): numbers written with them need the normalizing path.
pub const FULLWIDTH_DIGITS: [char; 10] =
    ['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];

/// The rare characters of the BMP (full-width digits, [`is_rare`]) as a bitmap, built once.
fn rare_bitmap() -> &'static [u64; 1024] {
    static MAP: std::sync::OnceLock<Box<[u64; 1024]>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = Box::new([0u64; 1024]);
        for cp in 0x800u32..0x10000 {
            if is_rare(cp) || FULLWIDTH_DIGITS.iter().any(|&d| d as u32 == cp) {
                m[(cp >> 6) as usize] |= 1 << (cp & 63);
            }
        }
        m
    })
}

/// Rare characters a scan met.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rare {
    /// An invisible character or a compatibility ideograph ([`is_rare`]).
    pub invisible: bool,
    /// One of [`FULLWIDTH_DIGITS`].
    pub fullwidth_digit: bool,
}

impl Rare {
    #[inline]
    fn note(&mut self, cp: usize) {
        if (0xFF10..=0xFF19).contains(&cp) {
            self.fullwidth_digit = true;
        } else {
            self.invisible = true;
        }
    }

    /// Note the rare characters among the complete characters of `b`.
    fn note_all(&mut self, b: &[u8]) {
        if let Ok(text) = std::str::from_utf8(b) {
            for c in text.chars() {
                if FULLWIDTH_DIGITS.contains(&c) {
                    self.fullwidth_digit = true;
                } else if is_rare(c as u32) {
                    self.invisible = true;
                }
            }
        }
    }
}

/// What else a walk looks at, at positions it visits anyway: the audit checks numbers and
/// markup between Han characters there instead of reading the file again.
pub(crate) trait Side {
    /// Whether every digit run must be visited even without digit terms.
    fn wants_digits(&self) -> bool;
    /// At the lead byte `i` (0xE0 or above) of every character of three or four bytes,
    /// inside matches too.
    fn at_wide(&mut self, hay: &[u8], i: usize);
    /// At every maximal run of ASCII digits, `hay[s..e]`.
    fn at_digits(&mut self, hay: &[u8], s: usize, e: usize);
}

/// No side looks: the plain term scan.
struct NoSide;

impl Side for NoSide {
    #[inline(always)]
    fn wants_digits(&self) -> bool {
        false
    }
    #[inline(always)]
    fn at_wide(&mut self, _: &[u8], _: usize) {}
    #[inline(always)]
    fn at_digits(&mut self, _: &[u8], _: usize, _: usize) {}
}

/// End of the ASCII digit run starting at `s`.
#[inline]
fn digits_end(hay: &[u8], s: usize) -> usize {
    s + hay[s..].iter().take_while(|b| b.is_ascii_digit()).count()
}

/// Give `side` the positions of `hay[from..to]` (inside a match the walk jumped over): lead
/// bytes, and digit runs starting there (whole, also past `to`).
fn side_over(side: &mut impl Side, hay: &[u8], from: usize, to: usize) {
    for p in from..to {
        let b = hay[p];
        if b >= 0xE0 {
            side.at_wide(hay, p);
        } else if b.is_ascii_digit() && (p == 0 || !hay[p - 1].is_ascii_digit()) {
            side.at_digits(hay, p, digits_end(hay, p));
        }
    }
}

/// The first index at or after `i` holding a lead byte of a character of three or four bytes
/// (0xE0 and above) or, with `digits`, an ASCII digit; `hay.len()` when there is none. Eight
/// bytes at a time: markup and ASCII text are most of an HTML file.
#[inline(always)]
fn next_lead_or_digit(hay: &[u8], mut i: usize, digits: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // In Han text the next character usually starts right here.
    match hay.get(i) {
        Some(&b) if b >= 0xE0 || (digits && b.is_ascii_digit()) => return i,
        None => return i,
        _ => {}
    }
    while let Some(chunk) = hay.get(i..).and_then(|h| h.first_chunk::<8>()) {
        let w = u64::from_le_bytes(*chunk);
        // A byte is 0 here exactly when it is 0xE0 or above; `(x - 1) & !x & 0x80` flags zero
        // bytes (and bytes below n with `n` in place of 1), the lowest flag always a true one.
        let lead = (w & 0xE0E0_E0E0_E0E0_E0E0) ^ 0xE0E0_E0E0_E0E0_E0E0;
        let mut flags = lead.wrapping_sub(ONES) & !lead & HIGHS;
        if digits {
            // Digits become 0–9, every other byte 10 or more (or gets its high bit).
            let d = w ^ 0x3030_3030_3030_3030;
            flags |= d.wrapping_sub(ONES * 10) & !d & HIGHS;
        }
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < hay.len() && hay[i] < 0xE0 && !(digits && hay[i].is_ascii_digit()) {
        i += 1;
    }
    i
}

/// The scanner. Pattern ids are indices into the slice given to [`TermScanner::new`].
pub(crate) struct TermScanner {
    patterns: Vec<Vec<u8>>,
    /// First characters (3-byte UTF-8, as BMP code points) of wide patterns, and the rare
    /// characters the scan notes ([`Rare`]): an 8 KB bitmap.
    first: Box<[u64; 1024]>,
    /// The rare characters alone.
    rare: &'static [u64; 1024],
    filter: Vec<u64>,
    /// Two-character key → pattern ids, longest first.
    wide: FxMap<u64, Vec<u32>>,
    digits: FxMap<DigitKey, u32>,
    /// Longest digit term (runs longer than this are skipped quickly).
    max_digits: usize,
    rest: Option<AhoCorasick>,
    rest_ids: Vec<u32>,
}

impl TermScanner {
    pub fn new(patterns: Vec<Vec<u8>>) -> Self {
        let mut filter = vec![0u64; 1 << (FILTER_BITS - 6)];
        let mut first = Box::new([0u64; 1024]);
        let mut wide: FxMap<u64, Vec<u32>> = FxMap::default();
        let mut digits: FxMap<DigitKey, u32> = FxMap::default();
        let mut max_digits = 0;
        let mut rest: Vec<&[u8]> = Vec::new();
        let mut rest_ids = Vec::new();
        for (id, p) in patterns.iter().enumerate() {
            let id = id as u32;
            let Some(&b0) = p.first() else {
                continue;
            };
            if b0 >= 0xE0 {
                let l1 = utf8_len(b0);
                if let Some(&b1) = p.get(l1) {
                    let l2 = utf8_len(b1);
                    if p.len() >= l1 + l2 {
                        if l1 == 3 {
                            let c = cp3(p);
                            first[c >> 6] |= 1 << (c & 63);
                        }
                        let key = pack(&p[..l1 + l2]);
                        let slot = filter_slot(key);
                        filter[slot >> 6] |= 1 << (slot & 63);
                        wide.entry(key).or_default().push(id);
                        continue;
                    }
                }
            }
            if b0.is_ascii_digit()
                && let Some(k) = digit_key(p)
            {
                digits.entry(k).or_insert(id);
                max_digits = max_digits.max(p.len());
                continue;
            }
            rest.push(p);
            rest_ids.push(id);
        }
        for ids in wide.values_mut() {
            ids.sort_by(|a, b| {
                patterns[*b as usize]
                    .len()
                    .cmp(&patterns[*a as usize].len())
            });
        }
        let rest_ac = if rest.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(&rest)
                .ok()
        };
        let rare = rare_bitmap();
        for (f, r) in first.iter_mut().zip(rare.iter()) {
            *f |= r;
        }
        TermScanner {
            patterns,
            first,
            rare,
            filter,
            wide,
            digits,
            max_digits,
            rest: rest_ac,
            rest_ids,
        }
    }

    /// All matches in `hay`: (start, end, pattern id), sorted by start.
    pub fn find_all(&self, hay: &[u8]) -> Vec<Hit> {
        self.find_all_noting(hay).0
    }

    /// [`find_all`](Self::find_all), noting on the way which rare characters `hay` holds, so
    /// the audit needs no pass of its own to look for them.
    pub fn find_all_noting(&self, hay: &[u8]) -> (Vec<Hit>, Rare) {
        let (out, rare, _) = self.walk(hay, next_lead_or_digit, None, &mut NoSide);
        (out, rare)
    }

    /// The audit's one walk over a file: [`find_all_noting`](Self::find_all_noting), with
    /// `also`'s terms ([`OverlapScanner::find_all`]) and `side`'s looks taken on the way.
    pub(crate) fn find_all_with(
        &self,
        hay: &[u8],
        also: Option<&OverlapScanner>,
        side: &mut impl Side,
    ) -> (Vec<Hit>, Rare, Vec<Hit>) {
        match also {
            Some(a) => {
                let (out, rare, wide) = self.walk(hay, next_lead_or_digit, Some(&a.wide), side);
                (out, rare, a.finish(hay, wide))
            }
            None => self.walk(hay, next_lead_or_digit, None, side),
        }
    }

    /// The scan, with `next` finding the next position to look at (a digit, or a lead byte of
    /// 0xE0 or above) from a given one; with `also`, every occurrence of its wide terms too
    /// (overlapping, inside this scan's own matches included).
    #[inline(always)]
    fn walk(
        &self,
        hay: &[u8],
        next: impl Fn(&[u8], usize, bool) -> usize,
        also: Option<&TermScanner>,
        side: &mut impl Side,
    ) -> (Vec<Hit>, Rare, Vec<Hit>) {
        let mut rare = Rare::default();
        let mut out = Vec::new();
        let mut also_out = Vec::new();
        let n = hay.len();
        let mut i = 0;
        // This scan's last match ends here: positions before it are `also`'s only.
        let mut matched_to = 0;
        let check_digits = !self.digits.is_empty() || side.wants_digits();
        'outer: while i < n {
            // Every position the walk must look at is a digit or the lead byte of a character of
            // three or four bytes (Han, the rare characters); the bytes between are skipped
            // eight at a time. Even without Han terms the lead bytes are looked at: the rare
            // characters are noted there.
            i = next(hay, i, check_digits);
            if i >= n {
                break;
            }
            let b = hay[i];
            if b < 0xE0 {
                // A digit. Its run's start (a run the walk entered mid-way began inside a match
                // and was given to `side` there).
                let run_start = i == 0 || !hay[i - 1].is_ascii_digit();
                let end = if run_start || i >= matched_to {
                    digits_end(hay, i)
                } else {
                    i + 1
                };
                if run_start {
                    side.at_digits(hay, i, end);
                }
                if i < matched_to {
                    i += 1;
                    continue;
                }
                // The whole run is one candidate.
                let start = i;
                i = end;
                if i < n && matches!(hay[i], b'X' | b'x') && i - start == 17 {
                    i += 1;
                }
                if (5..=self.max_digits).contains(&(i - start))
                    && let Some(k) = digit_key(&hay[start..i])
                    && let Some(&id) = self.digits.get(&k)
                {
                    out.push((start, i, id));
                } else if self.max_digits >= 7
                    && let Some(e) = self.grouped_at(hay, start, end)
                {
                    out.push(e);
                }
                continue;
            }
            side.at_wide(hay, i);
            if let Some(a) = also {
                a.push_overlapping_at(hay, i, &mut also_out);
            }
            if i < matched_to {
                // Inside this scan's match (whole characters): on to the next one.
                i += utf8_len(b);
                continue;
            }
            match self.wide_at(hay, i, &mut rare) {
                Err(step) => i += step,
                Ok((l1, ids)) => {
                    for &id in ids {
                        let p = &self.patterns[id as usize];
                        if n - i >= p.len() && hay[i..i + p.len()].eq_ignore_ascii_case(p) {
                            out.push((i, i + p.len(), id));
                            // A match covers its characters: note any rare one inside.
                            if p.len() > l1 {
                                rare.note_all(&hay[i + l1..i + p.len()]);
                            }
                            matched_to = i + p.len();
                            // Without `also`, only `side` looks inside the match.
                            i = if also.is_some() {
                                i + l1
                            } else {
                                side_over(side, hay, i + l1, matched_to);
                                matched_to
                            };
                            continue 'outer;
                        }
                    }
                    i += l1;
                }
            }
        }
        if let Some(ac) = &self.rest {
            push_sorted(&mut out, ac.find_iter(hay), &self.rest_ids);
        }
        (out, rare, also_out)
    }
}

impl TermScanner {
    /// A digit term written in groups from the run `hay[start..end]` on (`138 1234 5678`,
    /// `0571-88886666`, `110105 19880712 3458`, an ID's final X included): the groups joined, as
    /// the anonymizer reads them. Its span and pattern id.
    #[inline]
    fn grouped_at(&self, hay: &[u8], start: usize, end: usize) -> Option<Hit> {
        // Most digit runs end in no separator followed by a digit.
        let sep = group_sep(hay, end);
        if sep == 0 || !hay.get(end + sep).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        self.grouped_from(hay, start, end)
    }

    #[inline(never)]
    fn grouped_from(&self, hay: &[u8], start: usize, end: usize) -> Option<Hit> {
        let mut value = 0u128;
        for &d in &hay[start..end] {
            value = value.checked_mul(10)?.checked_add(u128::from(d - b'0'))?;
        }
        let mut count = end - start;
        // Group lengths and separators, for telling a date or a decimal (no allocation: this
        // runs at every digit run followed by a separator, dates included).
        let mut lens = [0usize; 20];
        let mut seps = [0u8; 19];
        lens[0] = end - start;
        let mut groups = 1;
        let mut j = end;
        loop {
            let sep = group_sep(hay, j);
            let g = j + sep;
            let ge = if sep == 0 { g } else { digits_end(hay, g) };
            if ge == g || count + (ge - g) > self.max_digits.min(36) || groups == lens.len() {
                return None;
            }
            for &d in &hay[g..ge] {
                value = value * 10 + u128::from(d - b'0');
            }
            count += ge - g;
            lens[groups] = ge - g;
            seps[groups - 1] = hay[j];
            groups += 1;
            let x = count == 17 && matches!(hay.get(ge), Some(b'X' | b'x'));
            let key = ((count + usize::from(x)) as u8, x, value);
            if count >= 7
                && let Some(&id) = self.digits.get(&key)
                && !crate::detect::date_or_decimal(&lens[..groups], &seps[..groups - 1])
            {
                return Some((start, ge + usize::from(x), id));
            }
            j = ge;
        }
    }

    /// At the lead byte of a wide character at `i`: `Err(step)` when no wide pattern starts
    /// here (skip that many bytes), else the character's length and the patterns keyed by the
    /// two characters starting here.
    #[inline(always)]
    fn wide_at(&self, hay: &[u8], i: usize, rare: &mut Rare) -> Result<(usize, &[u32]), usize> {
        let n = hay.len();
        let l1 = utf8_len(hay[i]);
        if l1 == 3 {
            // Most characters of Chinese text: both continuation bytes checked at once, the
            // code point (below 2^16, so within the bitmaps) looked up without a bounds check.
            let [b0, b1, b2] = match hay.get(i..i + 3) {
                Some(&[b0, b1, b2]) => [b0, b1, b2],
                _ => return Err(1),
            };
            if (b1 & 0xC0 != 0x80) | (b2 & 0xC0 != 0x80) {
                return Err(1);
            }
            let c = cp3(&[b0, b1, b2]);
            if self.first[c >> 6] & (1 << (c & 63)) == 0 {
                return Err(3);
            }
            if self.rare[c >> 6] & (1 << (c & 63)) != 0 {
                rare.note(c);
            }
        } else if i + l1 > n || !hay[i + 1..i + l1].iter().all(|&x| x & 0xC0 == 0x80) {
            // Invalid UTF-8 (a lead byte without its continuation bytes) advances one byte only.
            return Err(1);
        } else if l1 == 4 {
            // Tags, variation selectors supplement, compatibility ideographs supplement.
            let cp = ((hay[i] as u32 & 0x07) << 18)
                | ((hay[i + 1] as u32 & 0x3F) << 12)
                | ((hay[i + 2] as u32 & 0x3F) << 6)
                | (hay[i + 3] as u32 & 0x3F);
            if is_rare(cp) {
                rare.invisible = true;
            }
        }
        // The last character starts no two-character key.
        if i + l1 == n {
            return Err(l1);
        }
        let l2 = utf8_len(hay[i + l1]);
        if i + l1 + l2 > n {
            return Err(1);
        }
        let key = pack(&hay[i..i + l1 + l2]);
        let slot = filter_slot(key);
        if self.filter[slot >> 6] & (1 << (slot & 63)) == 0 {
            return Err(l1);
        }
        self.wide
            .get(&key)
            .map(|ids| (l1, ids.as_slice()))
            .ok_or(l1)
    }

    /// Every occurrence of every wide (Han-initial) pattern, overlapping ones included.
    fn find_wide_overlapping(&self, hay: &[u8], out: &mut Vec<Hit>) {
        let n = hay.len();
        let mut i = 0;
        while i < n {
            i = next_lead_or_digit(hay, i, false);
            if i >= n {
                break;
            }
            i += self.push_overlapping_at(hay, i, out);
        }
    }

    /// Push every wide pattern occurring at the lead byte `i`; the step to the next position.
    #[inline(always)]
    fn push_overlapping_at(&self, hay: &[u8], i: usize, out: &mut Vec<Hit>) -> usize {
        match self.wide_at(hay, i, &mut Rare::default()) {
            Err(step) => step,
            Ok((l1, ids)) => {
                for &id in ids {
                    let p = &self.patterns[id as usize];
                    if hay.len() - i >= p.len() && hay[i..i + p.len()].eq_ignore_ascii_case(p) {
                        out.push((i, i + p.len(), id));
                    }
                }
                l1
            }
        }
    }
}

/// Every occurrence of a set of terms, overlapping ones included (`建国` and `国华` both in
/// `建国华`): the filter-based path for terms that start with two Han characters, one
/// Aho-Corasick automaton for the others (usually none).
pub struct OverlapScanner {
    wide: TermScanner,
    other: Option<AhoCorasick>,
    other_ids: Vec<u32>,
}

impl OverlapScanner {
    /// Pattern ids in the results are indices into `patterns`.
    pub fn new(patterns: &[&str]) -> Self {
        let mut wide = Vec::with_capacity(patterns.len());
        let mut other = Vec::new();
        let mut other_ids = Vec::new();
        for (id, p) in patterns.iter().enumerate() {
            let b = p.as_bytes();
            let two_wide = b.first().is_some_and(|&b0| b0 >= 0xE0)
                && b.get(utf8_len(b[0])).is_some_and(|&b1| b1 >= 0xE0)
                && p.chars().count() >= 2;
            if two_wide {
                wide.push(b.to_vec());
            } else {
                // Keeps ids aligned: an empty pattern never matches the wide path.
                wide.push(Vec::new());
                other.push(*p);
                other_ids.push(id as u32);
            }
        }
        let other = if other.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&other)
                .ok()
        };
        OverlapScanner {
            wide: TermScanner::new(wide),
            other,
            other_ids,
        }
    }

    /// (start, end, pattern id) of every occurrence, sorted by start.
    pub fn find_all(&self, hay: &[u8]) -> Vec<Hit> {
        let mut wide = Vec::new();
        self.wide.find_wide_overlapping(hay, &mut wide);
        self.finish(hay, wide)
    }

    /// Add the occurrences of the terms that do not start with two wide characters to those
    /// of the wide ones.
    fn finish(&self, hay: &[u8], mut out: Vec<Hit>) -> Vec<Hit> {
        if let Some(ac) = &self.other {
            push_sorted(&mut out, ac.find_overlapping_iter(hay), &self.other_ids);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner(p: &[&str]) -> TermScanner {
        TermScanner::new(p.iter().map(|s| s.as_bytes().to_vec()).collect())
    }

    fn found(s: &TermScanner, hay: &str) -> Vec<Hit> {
        s.find_all(hay.as_bytes())
    }

    #[test]
    fn wide_digits_rest() {
        let s = scanner(&[
            "张建国",
            "张建",
            "13812345678",
            "11010519491231002X",
            "a@b.cn",
            "京A12345",
        ]);
        assert_eq!(found(&s, "x张建国y"), vec![(1, 10, 0)]);
        assert_eq!(found(&s, "张建说"), vec![(0, 6, 1)]);
        assert_eq!(found(&s, "tel:13812345678;"), vec![(4, 15, 2)]);
        assert_eq!(found(&s, "913812345678"), vec![]);
        assert_eq!(found(&s, "id 11010519491231002x."), vec![(3, 21, 3)]);
        assert_eq!(found(&s, "mail A@B.CN now"), vec![(5, 11, 4)]);
        assert_eq!(found(&s, "车京a12345"), vec![(3, 12, 5)]);
        assert_eq!(found(&s, "无"), vec![]);
        assert_eq!(found(&s, ""), vec![]);
    }

    /// The reference for the eight-byte skip: the next position, one byte at a time.
    fn next_bytewise(hay: &[u8], mut i: usize, digits: bool) -> usize {
        while i < hay.len() && hay[i] < 0xE0 && !(digits && hay[i].is_ascii_digit()) {
            i += 1;
        }
        i
    }

    /// Pieces of test text: terms and their parts, digits, rare characters, markup, Latin, and
    /// bytes that are not UTF-8.
    const PIECES: [&[u8]; 22] = [
        "张建国".as_bytes(),
        "建国".as_bytes(),
        "张".as_bytes(),
        "\u{200B}".as_bytes(),
        "５".as_bytes(),
        "，".as_bytes(),
        b"<p class=\"meta\">",
        b"a",
        b"13812345678",
        b"1101051949123100",
        b"2X",
        b"1",
        "国华".as_bytes(),
        "Lily".as_bytes(),
        &[0xE5],
        &[0x80, 0xBF],
        &[0xC3, 0xA9],
        "𠀀".as_bytes(),
        "华".as_bytes(),
        // Digits at the edges of their range, next to the bytes just outside it.
        b"/9:",
        b"~0/",
        b"\xDF\xBF",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        #[test]
        fn the_eight_byte_skip_finds_what_the_byte_walk_finds(
            picks in proptest::collection::vec(0usize..22, 0..60)
        ) {
            let hay: Vec<u8> = picks.iter().flat_map(|&k| PIECES[k].iter().copied()).collect();
            for s in [
                scanner(&["张建国", "建国华", "13812345678", "11010519491231002X", "lily"]),
                scanner(&["13812345678"]),
                scanner(&["Lily"]),
            ] {
                let (out, rare, _) = s.walk(&hay, next_bytewise, None, &mut NoSide);
                proptest::prop_assert_eq!(s.find_all_noting(&hay), (out, rare));
                // And the skip itself, from every position.
                for at in 0..=hay.len() {
                    for digits in [false, true] {
                        proptest::prop_assert_eq!(
                            next_lead_or_digit(&hay, at, digits),
                            next_bytewise(&hay, at, digits)
                        );
                    }
                }
            }
            // Overlapping: every occurrence of every term, as a naive search finds them.
            let terms = ["建国", "国华", "建国华", "张建"];
            let o = OverlapScanner::new(&terms);
            let mut want = Vec::new();
            for at in 0..hay.len() {
                for (id, t) in terms.iter().enumerate() {
                    if hay[at..].starts_with(t.as_bytes()) {
                        want.push((at, at + t.len(), id as u32));
                    }
                }
            }
            let mut got = o.find_all(&hay);
            got.sort_unstable();
            want.sort_unstable();
            proptest::prop_assert_eq!(got, want);
            // One walk for both: the same as the two scans apart.
            let main = scanner(&["张建国", "建国华", "13812345678", "张\u{200B}建", "lily"]);
            let also = OverlapScanner::new(&["建国", "国华", "建国华", "张建", "Lily"]);
            let (out, rare, given) = main.find_all_with(&hay, Some(&also), &mut NoSide);
            proptest::prop_assert_eq!((out, rare), main.find_all_noting(&hay));
            proptest::prop_assert_eq!(given, also.find_all(&hay));
        }

        #[test]
        fn the_scan_notes_exactly_the_rare_characters_present(
            picks in proptest::collection::vec(0usize..14, 0..30)
        ) {
            // Terms, their pieces, rare characters, Han and ASCII, in any order.
            let parts = ["张建国", "建国", "张", "\u{200B}", "\u{FEFF}", "５", "１", "，", "a", "1", "国华", "\u{200E}", "\u{FA45}", "\u{E0101}"];
            let hay: String = picks.iter().map(|&k| parts[k]).collect();
            let s = scanner(&["张建国", "建国华", "张\u{200B}建"]);
            let (_, rare) = s.find_all_noting(hay.as_bytes());
            let want = Rare {
                invisible: hay.chars().any(|c| is_rare(c as u32)),
                fullwidth_digit: hay.chars().any(|c| FULLWIDTH_DIGITS.contains(&c)),
            };
            proptest::prop_assert_eq!(rare, want);
        }
    }

    #[test]
    fn garbage_bytes_are_safe() {
        let s = scanner(&["张建国"]);
        let mut hay = vec![0xE0, 0xE5, 0xFF, 0xF0, 0x80];
        hay.extend_from_slice("张建国".as_bytes());
        hay.push(0xE5);
        assert_eq!(s.find_all(&hay), vec![(5, 14, 0)]);
    }

    #[test]
    fn overlapping_finds_every_occurrence() {
        let o = OverlapScanner::new(&["建国", "国华", "建国华", "Lily", "a"]);
        let hits = o.find_all("张建国华说Lily".as_bytes());
        let ids: Vec<u32> = hits.iter().map(|h| h.2).collect();
        assert_eq!(ids, vec![0, 2, 1, 3], "{hits:?}");
        assert_eq!(hits[0], (3, 9, 0));
        assert!(o.find_all("国建".as_bytes()).is_empty());
        // A one-character pattern goes through the automaton and still matches.
        assert_eq!(o.find_all(b"xa").len(), 1);
    }
}
