//! Detailed-address detector. Finds the part of an address below the community level — road name
//! with house number (建设路88号), building (3栋, 5号楼, A座), unit (2单元), floor and room
//! (501室, 3-2-501) — and leaves province, city, district, street (街道) and community (社区, 小区)
//! in place. A lone component is only taken when it is specific (室, 户, 单元, 栋, 号楼) and follows
//! an address trigger (住, 地址, 位于…) or an estate name; "N号" alone (dates, case numbers) never.
//!
//! Works on projected characters folded to simplified.

use super::Hit;
use crate::category::Category;
use std::sync::LazyLock;

use crate::lexicon::{
    CharSet, W_ADDRESS_TRIGGERS, W_ADDRESS_UNITS, W_LEVEL_SUFFIXES, W_ROAD_SUFFIXES, WordList,
};
use crate::script::is_han;

static CN_DIGITS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new("零〇一二三四五六七八九十百两".chars()));
static ESTATE: LazyLock<WordList> = LazyLock::new(|| WordList::new(ESTATE_SUFFIXES));
const ESTATE_SUFFIXES: &[&str] = &[
    "小区", "花园", "家园", "公寓", "大厦", "新村", "苑", "公馆", "广场", "名苑", "华庭", "府",
    "城",
];
/// Characters that end a road name going leftwards (住在建设路 → 建设路).
static ROAD_BREAK: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new("住在于至到往从的是为和与及、，,:：位处了着过把被给".chars()));

#[derive(Debug, Clone, Copy)]
struct Comp {
    start: usize,
    end: usize,
    unit: &'static str,
    chinese: bool,
}

/// Number token at `i`: digits (with `-` groups and a building letter) or Chinese numerals.
fn number_at(cs: &[char], i: usize) -> Option<(usize, bool)> {
    let n = cs.len();
    if i >= n {
        return None;
    }
    if cs[i].is_ascii_digit()
        || (cs[i].is_ascii_uppercase() && cs.get(i + 1).is_some_and(|c| !c.is_ascii_alphabetic()))
    {
        let mut j = i;
        if cs[j].is_ascii_uppercase() {
            j += 1;
            // A building letter with its room number (B1203室); alone, a building (A座).
            if !cs.get(j).is_some_and(char::is_ascii_digit) {
                return Some((j, false));
            }
        }
        while j < n
            && (cs[j].is_ascii_digit()
                || (cs[j] == '-' && cs.get(j + 1).is_some_and(char::is_ascii_digit)))
        {
            j += 1;
        }
        if j < n && cs[j].is_ascii_uppercase() && j - i <= 4 {
            j += 1;
        }
        return Some((j, false));
    }
    let mut j = i;
    while j < n && j - i < 6 && CN_DIGITS.contains(cs[j]) {
        j += 1;
    }
    (j > i).then_some((j, true))
}

/// Address component (number + unit) starting at `i`.
fn comp_at(cs: &[char], i: usize) -> Option<Comp> {
    // A number right after a digit or letter is inside some other token.
    if i > 0 && (cs[i - 1].is_ascii_alphanumeric() || CN_DIGITS.contains(cs[i - 1])) {
        return None;
    }
    // 6月12号 is a date; 第3号 is an ordinal, except right after a road (幸福路第18号).
    if i > 0
        && matches!(cs[i - 1], '月' | '第' | '初' | '字')
        && !(cs[i - 1] == '第' && road_before(cs, &[], i - 1).is_some())
    {
        return None;
    }
    let (j, chinese) = number_at(cs, i)?;
    // No house, building or room number has more than five digits in a row: a longer run is a
    // phone or some other number (电话13812345678 户主…).
    if cs[i..j].split(|&c| c == '-').any(|g| g.len() > 5) {
        return None;
    }
    // `cs` is folded to simplified already.
    let unit = W_ADDRESS_UNITS.prefix(&cs[j..cs.len().min(j + 2)])?;
    let end = j + unit.chars().count();
    // "3号文件", "1楼梯": the unit must not start a longer word.
    if unit == "楼"
        && cs
            .get(end)
            .is_some_and(|&c| matches!(c, '梯' | '道' | '上' | '下' | '房'))
    {
        return None;
    }
    Some(Comp {
        start: i,
        end,
        unit,
        chinese,
    })
}

fn specific(unit: &str) -> bool {
    matches!(
        unit,
        "室" | "户" | "单元" | "栋" | "幢" | "号楼" | "号院" | "号房" | "座" | "#" | "#楼"
    )
}

fn skip_spaces(cs: &[char], mut i: usize) -> usize {
    while i < cs.len() && matches!(cs[i], ' ' | '\u{a0}') {
        i += 1;
    }
    i
}

/// Break characters that also begin road names (和平街, 于家湾路, 至善路, 从化路): see
/// [`road_before`].
static NAME_BREAK: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new("和与及至于从到往为是处".chars()));
/// One-character road names that stand alone (东街, 中路): a break before them is a break.
static DIRECTION: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new("东西南北中前后上下新老大小".chars()));

/// Road name ending right before `end` (the house number): (start of road name) or None.
///
/// A break character that can begin a road name is taken as its first character when a break or
/// a non-Han character comes right before it (位于和平街: a conjunction cannot follow 于), or when
/// the name would otherwise be one character that is not a direction (他和|平街): a road name cut
/// there would leave part of it in the text (位于和〔地址〕). 于 ending a word (位于, 处于) is a
/// break.
fn road_before(cs: &[char], spaced: &[usize], end: usize) -> Option<usize> {
    // A road's section (人民南路三段12号): the road name ends before it.
    let mut end = end;
    if end >= 2 && cs[end - 1] == '段' {
        let mut k = end - 1;
        while k > 0
            && end - 1 - k < 3
            && (cs[k - 1].is_ascii_digit() || CN_DIGITS.contains(cs[k - 1]))
        {
            k -= 1;
        }
        // 东段, 西延段: a direction section.
        if k == end - 1 {
            if k > 0 && cs[k - 1] == '延' {
                k -= 1;
            }
            if k > 0 && "东西南北中".contains(cs[k - 1]) {
                k -= 1;
            } else {
                k = end - 1;
            }
        }
        if k < end - 1 {
            end = k;
        }
    }

    let suffix = W_ROAD_SUFFIXES.suffix(&cs[end.saturating_sub(12)..end])?;
    let slen = suffix.chars().count();
    let suffix_start = end - slen;
    let mut s = suffix_start;
    while s > 0 && suffix_start - s < 8 {
        // A space or line break between Han characters ends the name (调解员 吴德明 幸福路18号):
        // the projection dropped it so that names split by one are found, but a road name is
        // written together.
        // Right before the suffix (幸福 路18号) the space splits the road's own name: read on.
        if s < suffix_start && spaced.binary_search(&s).is_ok() {
            break;
        }
        let c = cs[s - 1];
        if !(is_han(c) || c.is_ascii_digit()) {
            break;
        }
        if ROAD_BREAK.contains(c) {
            // Taken, it is the name's first character.
            let ends_word = c == '于' && s >= 2 && "位处住居落至在关对由等属".contains(cs[s - 2]);
            if NAME_BREAK.contains(c)
                && !ends_word
                && (s < 2
                    || !is_han(cs[s - 2])
                    || ROAD_BREAK.contains(cs[s - 2])
                    || (suffix_start - s == 1 && !DIRECTION.contains(cs[s])))
            {
                s -= 1;
            }
            break;
        }
        // Nor past a verb of going or naming (通知光华里5号楼的住户, 收录幸福里5号楼的案例).
        const VERBS: [[char; 2]; 14] = [
            ['通', '知'],
            ['收', '录'],
            ['前', '往'],
            ['来', '到'],
            ['到', '达'],
            ['路', '过'],
            ['经', '过'],
            ['搬', '进'],
            ['迁', '往'],
            ['走', '到'],
            ['回', '到'],
            ['赶', '到'],
            ['介', '绍'],
            ['包', '括'],
        ];
        if s >= 2 && VERBS.iter().any(|v| cs[s - 2..s] == v[..]) {
            break;
        }
        // Nor past a level (某区) or the word 地址 / 住址 (地址向阳路18号: the road is 向阳路).
        if W_LEVEL_SUFFIXES
            .suffix(&cs[s.saturating_sub(4)..s])
            .is_some()
            || (s >= 2 && cs[s - 1] == '址' && matches!(cs[s - 2], '地' | '住'))
        {
            break;
        }
        s -= 1;
    }
    (s < suffix_start).then_some(s)
}

/// Characters after a number that make it a quantity, not a room (5栋3人, 3单元402户人家…).
const QUANTITY: &str = "人个元名次年万件台辆户套间天位米平亩公千";

/// Does a village, hamlet or estate name end right before `end` (红星村, 大王庄, 李家湾, 王家坝,
/// 红旗岭, 张家营子, 衣锦坊, 幸福苑, 村民小组, 王庄组): a name of at least one more Han character before
/// its last character, not a numeral (三村 is no name).
fn settlement_before(cs: &[char], end: usize) -> bool {
    const ENDS: &[&str] = &[
        "村", "庄", "屯", "寨", "湾", "坝", "岭", "营", "营子", "坊", "苑", "堡", "沟", "洼", "峪",
        "坪", "塘", "垸", "圩", "小组", "组",
    ];
    // A numbered lane (东四六条, 北新桥三条): 条 after one to three numerals after a name.
    let numerals = cs[..end.saturating_sub(1)]
        .iter()
        .rev()
        .take(4)
        .take_while(|&&c| CN_DIGITS.contains(c))
        .count();
    if end > numerals + 1
        && cs[end - 1] == '条'
        && (1..=3).contains(&numerals)
        && is_han(cs[end - 2 - numerals])
        && !matches!(
            cs[end - 2 - numerals],
            '第' | '这' | '那' | '几' | '每' | '哪'
        )
    {
        return true;
    }
    ENDS.iter().any(|e| {
        let n = e.chars().count();
        end > n
            && cs[end - n..end].iter().copied().eq(e.chars())
            && is_han(cs[end - n - 1])
            && !CN_DIGITS.contains(cs[end - n - 1])
    })
}

fn trigger_before(cs: &[char], i: usize) -> bool {
    let from = i.saturating_sub(24);
    W_ADDRESS_TRIGGERS.occurs_in(&cs[from..i])
}

fn estate_before(cs: &[char], i: usize) -> bool {
    ESTATE.suffix(&cs[i.saturating_sub(3)..i]).is_some()
}

/// Scan projected characters for detailed addresses.
/// `spaced`: indices of characters after whitespace the projection skipped.
pub(crate) fn scan(cs: &[char], spaced: &[usize], hits: &mut Vec<Hit>) {
    let n = cs.len();
    let mut i = 0;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    while i < n {
        // Only a digit, a building letter or a Chinese numeral can start a component.
        let c = cs[i];
        if !(c.is_ascii_digit() || c.is_ascii_uppercase() || CN_DIGITS.contains(c)) {
            i += 1;
            continue;
        }
        let Some(first) = comp_at(cs, i) else {
            // 幸福路18-3-402: the road goes with it.
            let road = road_before(cs, spaced, i);
            if let Some(j) = dashed_room(cs, i, road.is_some()) {
                spans.push((road.unwrap_or(i), j));
                i = j;
            } else {
                i += 1;
            }
            continue;
        };
        // Chain adjacent components: 3栋2单元501室, then a bare room number after 单元/栋/楼.
        let mut comps = vec![first];
        let mut e = first.end;
        let mut bare_room = false;
        loop {
            let k = skip_spaces(cs, e);
            if let Some(c) = comp_at_chain(cs, k)
                // 一户人家 after 8层 is no room.
                && !(c.chinese && c.unit == "户" && c.end - c.start == 2)
            {
                comps.push(c);
                e = c.end;
                continue;
            }
            // 12号附4号: a sub-number.
            if cs.get(k) == Some(&'附')
                && let Some(c) = comp_at_chain(cs, k + 1)
                && c.unit == "号"
            {
                comps.push(c);
                e = c.end;
                continue;
            }
            // After the house number, a sub-number (18号之3) or building, unit and room with
            // dashes (18号-3-402).
            let more = if cs.get(k) == Some(&'之') {
                Some(k + 1)
            } else {
                (cs.get(e) == Some(&'-')).then_some(e + 1)
            };
            if comps.last().is_some_and(|c| c.unit == "号")
                && let Some(m) = more
                && let Some((j, chinese)) = number_at(cs, m)
                // 18号之二, but not 18号-二.
                && (!chinese || m == k + 1)
                && !cs.get(j).is_some_and(|c| c.is_ascii_alphanumeric())
            {
                e = j;
                break;
            }
            // The room in Chinese numerals read digit by digit (三单元五〇二, 二单元六零一).
            if matches!(
                comps.last().map(|c| c.unit),
                Some("单元" | "栋" | "幢" | "座" | "号楼" | "楼" | "层" | "门" | "#" | "#楼")
            ) && let Some((j, chinese)) = number_at(cs, k)
                && j - k >= 3
                && (!chinese
                    || cs[k..j]
                        .iter()
                        .all(|&c| "〇零一二三四五六七八九".contains(c)))
                && !cs.get(j).is_some_and(|c| c.is_ascii_alphanumeric())
            {
                e = j;
                bare_room = true;
                break;
            }
            break;
        }
        let mut start = first.start;
        // 幸福路第18号: the road ends before 第; 光华路甲5号 (a number's 甲乙丙丁 prefix) too.
        let road_end = if first.start > 0
            && matches!(cs[first.start - 1], '第' | '甲' | '乙' | '丙' | '丁')
        {
            first.start - 1
        } else {
            first.start
        };
        let road = if matches!(first.unit, "号" | "号院" | "号楼" | "弄") {
            road_before(cs, spaced, road_end)
        } else {
            None
        };
        if let Some(r) = road {
            start = r;
        }
        // 团结路18弄23号301: a room number after the house number of a road; building, unit and
        // room with dashes (南京南街9号3-2-1) too.
        // Two groups only with a room of three or four digits (3-402): 3-5 may be months.
        let dashed = |g: &[char]| {
            let parts: Vec<&[char]> = g.split(|&c| c == '-').collect();
            let room = parts.last().map_or(0, |p| p.len());
            (parts.len() == 3 || (parts.len() == 2 && (3..=4).contains(&room)))
                && parts
                    .iter()
                    .all(|p| (1..=4).contains(&p.len()) && p.iter().all(char::is_ascii_digit))
        };
        if road.is_some()
            && comps.last().is_some_and(|c| c.unit == "号" && c.end == e)
            && let k = skip_spaces(cs, e)
            && let Some((j, false)) = number_at(cs, k)
            && (((3..=4).contains(&(j - k)) && cs[k..j].iter().all(char::is_ascii_digit))
                || dashed(&cs[k..j]))
            && !cs
                .get(j)
                .is_some_and(|&c| c.is_ascii_alphanumeric() || QUANTITY.contains(c))
        {
            e = j;
        }
        // A village, hamlet or estate with a house number (红星村128号, 大王庄118号, 李家湾28号,
        // 幸福新村18号, 村民小组18号): the place stays, as a community does, the number goes.
        // Only where the text says it is an address (住, 家住, 位于…): 村里5号开会 and 调解小组15号
        //上门 are dates, 红星村3号公告 a notice.
        let in_settlement = first.unit == "号"
            && comps.len() == 1
            && road.is_none()
            && settlement_before(cs, road_end)
            && trigger_before(cs, first.start)
            && !cs
                .get(first.end)
                .is_some_and(|&c| "文令线字码前至起开召那当上下晚早日晨公通决".contains(c));
        let hyphenated = !first.chinese && cs[first.start..first.end].contains(&'-');
        // 13-18层, 1-12号楼, 2-3栋: a range of floors or buildings, no address.
        let range = hyphenated && {
            let groups: Vec<&[char]> = cs[first.start..first.end].split(|&c| c == '-').collect();
            let num = |g: &[char]| {
                g.iter()
                    .filter(|c| c.is_ascii_digit())
                    .collect::<String>()
                    .parse::<u32>()
                    .ok()
            };
            groups.len() == 2
                && groups[1].iter().filter(|c| c.is_ascii_digit()).count() <= 2
                && num(groups[0]) < num(groups[1])
        };
        // 建设路1号线, 解放路3号出口: a metro line or an exit.
        let not_a_house = road.is_some()
            && first.unit == "号"
            && comps.len() == 1
            && cs
                .get(first.end)
                .is_some_and(|&c| "线口站".contains(c) || c == '出');
        let all_chinese = comps.iter().all(|c| c.chinese);
        let accepted = if road.is_some() || in_settlement {
            true
        } else if bare_room
            && matches!(
                first.unit,
                "单元" | "栋" | "幢" | "座" | "号楼" | "#" | "#楼"
            )
            && !cs.get(e).is_some_and(|&c| QUANTITY.contains(c))
        {
            // A unit or building with its room number (三单元402, 5栋1201) is specific.
            true
        } else if matches!(first.unit, "组" | "队" | "排") {
            // A village group or team, or a row, with a house number (石桥村五组12号, 向阳村2队15号,
            // 18排3号); one alone is no address.
            comps.get(1).is_some_and(|c| c.unit.starts_with('号'))
        } else if comps.len() >= 2 || hyphenated {
            !all_chinese || comps.len() >= 3 || trigger_before(cs, first.start)
        } else {
            let digits = cs[first.start..first.end]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .count();
            // A room number (602室, 1201户) is specific on its own.
            let room_unit = matches!(first.unit, "室" | "寝室" | "房")
                || (first.unit == "户"
                    && (trigger_before(cs, first.start) || estate_before(cs, first.start))
                    && cs.get(first.end) != Some(&'型'));
            (room_unit
                && digits >= 3
                && !first.chinese
                // 1203房 but not 3000房贷, 1203房源, 1203房间; 全村128户 is a count.
                && !(first.unit == "房" && cs.get(first.end).is_some_and(|&c| is_han(c))))
                || (specific(first.unit)
                    && !first.chinese
                    && (trigger_before(cs, first.start) || estate_before(cs, first.start)))
        };
        // 共128户, 共有住户560户: a count of households, no room; 3-402户型 a kind of flat.
        let counted = (first.unit == "户"
            && comps.len() == 1
            && cs[first.start.saturating_sub(4)..first.start]
                .iter()
                .any(|c| "共有计约达余多".contains(*c)))
            || (comps.last().is_some_and(|c| c.unit == "户") && cs.get(e) == Some(&'型'))
            // 小区共18幢1380户, 该小区有12栋楼: a count of buildings, no building.
            || (matches!(first.unit, "栋" | "幢" | "座")
                && road.is_none()
                && first.start > 0
                && "共有计约达全仅".contains(cs[first.start - 1]));
        // A lone "N号" after a road-less, place-less text never counts.
        if accepted
            && !counted
            && !range
            && !not_a_house
            && !(comps.len() == 1 && first.unit == "号" && road.is_none() && !in_settlement)
        {
            spans.push((start, e));
            i = e;
        } else {
            i = first.end.max(i + 1);
        }
    }
    // Merge spans separated only by an estate name (建设路88号幸福小区3栋).
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        if let Some(last) = merged.last_mut() {
            let gap = &cs[last.1..s];
            if gap.len() <= 10 && gap.iter().all(|&c| is_han(c)) && ESTATE.suffix(gap).is_some() {
                last.1 = e;
                continue;
            }
        }
        merged.push((s, e));
    }
    for (s, e) in merged {
        hits.push(Hit {
            ci: s,
            cj: e,
            category: Category::Address,
            value: cs[s..e].iter().collect(),
        });
    }
}

/// Building-unit-room written with dashes and no unit (幸福小区9-2-301, 金桥花园B区12-3-502,
/// 住在3-2-501): three groups, the last of three or more digits, after an estate name, an estate's
/// lettered area or an address trigger. Returns the end of the number.
/// `after_road`: a road name ends right before it (幸福路18-3-402).
fn dashed_room(cs: &[char], i: usize, after_road: bool) -> Option<usize> {
    if i > 0 && (cs[i - 1].is_ascii_alphanumeric() || cs[i - 1] == '-') {
        return None;
    }
    let (j, chinese) = number_at(cs, i)?;
    if chinese
        || cs
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '-')
    {
        return None;
    }
    let groups: Vec<&[char]> = cs[i..j].split(|&c| c == '-').collect();
    let digits = |g: &[char]| g.iter().filter(|c| c.is_ascii_digit()).count();
    let last = groups.last().map_or(0, |g| digits(g));
    if !(2..=3).contains(&groups.len())
        || groups[..groups.len() - 1].iter().any(|g| digits(g) > 3)
        || !(3..=4).contains(&last)
    {
        return None;
    }
    // An estate's lettered or numbered area (B区) between the estate name and the number.
    let area = i >= 2 && cs[i - 1] == '区' && cs[i - 2].is_ascii_alphanumeric();
    let before = if area { i - 2 } else { i };
    // Building-room alone (幸福小区3-402) only right after a road or an estate name.
    let placed = after_road || estate_before(cs, before) || (i > 0 && cs[i - 1] == '住');
    (placed || (groups.len() == 3 && trigger_before(cs, i))).then_some(j)
}

/// Like [`comp_at`] but without the left-boundary checks (inside a chain, after a unit).
fn comp_at_chain(cs: &[char], i: usize) -> Option<Comp> {
    let (j, chinese) = number_at(cs, i)?;
    let unit = W_ADDRESS_UNITS.prefix(&cs[j..cs.len().min(j + 2)])?;
    Some(Comp {
        start: i,
        end: j + unit.chars().count(),
        unit,
        chinese,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<String> {
        let cs: Vec<char> = s.chars().collect();
        let mut hits = Vec::new();
        scan(&cs, &[], &mut hits);
        hits.into_iter().map(|h| h.value).collect()
    }

    /// Villages and estates with a house number, and the shapes around a house number that
    /// residents write: the place stays, as a community does, the number goes.
    #[test]
    fn settlements_and_house_number_shapes() {
        for (text, found) in [
            ("家住某县向阳镇红星村128号。", "128号"),
            ("位于幸福新村18号", "18号"),
            ("家住大王庄118号的老宅", "118号"),
            ("住李家湾28号", "28号"),
            ("住在王家坝38号", "38号"),
            ("位于幸福苑48号", "48号"),
            ("户籍地张家营子58号", "58号"),
            ("住衣锦坊68号", "68号"),
            ("住红旗岭78号", "78号"),
            ("户籍地向阳村第三村民小组18号", "18号"),
            ("户籍所在地：某镇王庄村王庄组36号", "36号"),
            ("居委会通知光华里5号楼的住户开会", "光华里5号楼"),
            ("本系列收录幸福里5号楼的案例", "幸福里5号楼"),
            ("住光华路甲5号", "光华路甲5号"),
            ("住幸福小区B1203室", "B1203室"),
            ("住幸福小区1203房", "1203房"),
            ("住幸福路一百二十八号", "幸福路一百二十八号"),
            ("住团结路18弄23号301。", "团结路18弄23号301"),
            ("六组88号之二", "六组88号之二"),
            ("住幸福小区3-402", "3-402"),
            ("住人民路5号100米处", "人民路5号"),
            ("住人民路5号1200平方米的门面", "人民路5号"),
            ("申请人住3-302。", "3-302"),
            ("家住北京市东城区东四六条18号。", "18号"),
            ("沈某住光明小区十二栋三单元五〇二。", "十二栋三单元五〇二"),
            ("家住幸福小区十八号楼二单元六零一。", "十八号楼二单元六零一"),
            ("张某家住和平区南京南街9号3-2-1。", "南京南街9号3-2-1"),
        ] {
            assert_eq!(run(text), vec![found], "{text}");
        }
        // Look-alikes of the shapes above: counts and dates.
        for (text, found) in [
            ("住光明小区三单元共五十户", vec![]),
            ("住解放路9号3-5月施工", vec!["解放路9号"]),
        ] {
            assert_eq!(run(text), found, "{text}");
        }
        for text in [
            "三村5号",
            "本村3号文件",
            "会议在3-402召开",
            "他说3-402",
            "6月12号",
            "第3号",
            "第六条18号文件",
            "这两条18号",
            "调解小组15号上门调解",
            "各村10号前报送名单",
            "住在红星村，村里5号开会",
            "住红星村3号公告栏旁",
            "他每月要还3000房贷",
            "共有1203房源在售",
            "全村共128户",
            "本小区共有住户560户",
            "全村128户，常住人口452人",
            "住13-18层的业主",
            "住15-20楼的居民",
            "幸福小区1-12号楼",
            "幸福小区2-3栋之间的空地",
            "阳光小区12-15号楼外墙维修",
            "该小区3-402户型面积为89平方米",
            "沿建设路1号线地铁站出口",
            "地铁解放路3号出口见",
        ] {
            assert!(run(text).is_empty(), "{text}: {:?}", run(text));
        }
    }

    #[test]
    fn addresses() {
        assert_eq!(
            run("住某市某区向阳街道幸福社区建设路88号3栋2单元501室。"),
            vec!["建设路88号3栋2单元501室"]
        );
        assert_eq!(run("家住幸福小区3栋502室"), vec!["3栋502室"]);
        // 7# is building 7, as property staff write it.
        assert_eq!(run("住在幸福家园7#1101"), vec!["7#1101"]);
        assert_eq!(run("住在幸福家园7#楼1101室"), vec!["7#楼1101室"]);
        assert!(run("用C#写的程序，见#3").is_empty());
        assert_eq!(run("住在5号楼2单元501"), vec!["5号楼2单元501"]);
        assert_eq!(run("位于幸福小区3-2-501室"), vec!["3-2-501室"]);
        assert_eq!(run("地址：人民路12号"), vec!["人民路12号"]);
        assert_eq!(run("建设路88号幸福小区3栋"), vec!["建设路88号幸福小区3栋"]);
        assert_eq!(run("住在三栋二单元"), vec!["三栋二单元"]);
        assert_eq!(run("人民路八十八号"), vec!["人民路八十八号"]);
        assert_eq!(run("楼上602室的住户"), vec!["602室"]);
        // Village group and house number.
        assert_eq!(run("住在石桥村五组12号的老屋"), vec!["五组12号"]);
        assert_eq!(run("门牌是河湾镇新街村二组21号。"), vec!["二组21号"]);
        // Road names that begin with a break character stay whole.
        assert_eq!(
            run("位于和平街7号4栋3单元601室的住房"),
            vec!["和平街7号4栋3单元601室"]
        );
        assert_eq!(run("住在和平路12号"), vec!["和平路12号"]);
        assert_eq!(run("地址：至善路3号"), vec!["至善路3号"]);
        assert_eq!(run("他和平街7号的邻居"), vec!["和平街7号"]);
        // A conjunction before a road is still a break.
        assert_eq!(
            run("住建设路3号和解放路5号"),
            vec!["建设路3号", "解放路5号"]
        );
        assert_eq!(run("他和东街5号的邻居"), vec!["东街5号"]);
        assert_eq!(run("位于东街5号"), vec!["东街5号"]);
        assert_eq!(run("位于平安路5号"), vec!["平安路5号"]);
        // Dashes without units, sections, sub-numbers, 门 and 房.
        assert_eq!(run("住在中南小区9-2-301。"), vec!["9-2-301"]);
        assert_eq!(run("金桥花园B区12-3-502的业主"), vec!["12-3-502"]);
        assert_eq!(
            run("光华里5号院2号楼1门301"),
            vec!["光华里5号院2号楼1门301"]
        );
        assert_eq!(
            run("住在人民南路三段12号附4号"),
            vec!["人民南路三段12号附4号"]
        );
        assert_eq!(run("住在幸福路东段188号。"), vec!["幸福路东段188号"]);
        assert_eq!(run("住在幸福路18号-3-402。"), vec!["幸福路18号-3-402"]);
        assert_eq!(run("住在幸福大道西延段18号。"), vec!["幸福大道西延段18号"]);
        assert_eq!(run("分为东段和西段，共3段"), Vec::<String>::new());
        assert_eq!(run("多宝路北横巷7号302房"), vec!["多宝路北横巷7号302房"]);
        // Particles and prepositions before a road end its name (到了|新华路).
        assert_eq!(run("双方到了新华路3号的调解室"), vec!["新华路3号"]);
        assert_eq!(run("他把建设路8号的房子"), vec!["建设路8号"]);
        assert_eq!(run("地址：于家湾路8号"), vec!["于家湾路8号"]);
    }

    #[test]
    fn not_addresses() {
        for s in [
            "（2023）京0105民初1234号",
            "6月12号",
            "第3号调解协议",
            "依据第1254条",
            "向阳社区",
            "建设路",
            "一层意思",
            "3楼梯",
            "他们3户人家",
            "三栋二单元",
            "两室一厅",
            "分成三组",
            "第一组3号",
            "三组两户人家",
            "2023-5-123",
            "比分是3-2-1",
            "编号12-3-502",
            "2房1厅",
            "一门心思",
            "小区共18幢1380户",
            "该小区有12栋楼",
            "全小区约30栋",
        ] {
            assert_eq!(run(s), Vec::<String>::new(), "{s}");
        }
    }
}
