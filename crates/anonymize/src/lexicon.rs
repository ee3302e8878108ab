//! Word lists used by the detectors: context cues around person names, vetoes (common words that
//! look like names, titles, place and organisation suffixes) and labels around numbers.
//! All entries are simplified; callers compare against text folded to simplified.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A small, fast hasher for the word lists' `char` and packed-word keys (FxHash). The keys come
/// from fixed lists, so hash flooding is no concern.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_u128(&mut self, v: u128) {
        self.write_u64(v as u64);
        self.write_u64((v >> 64) as u64);
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `BuildHasher` for [`FxHasher`].
pub(crate) type Fx = BuildHasherDefault<FxHasher>;

/// Entries of a word-list data file: whitespace-separated tokens, `#` starts a comment line.
fn words(src: &'static str) -> Vec<&'static str> {
    src.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

/// Left-context cues: a person name often follows these (证人王小明), from `data/left_cues.txt`
/// and [`MORE_LEFT_CUES`].
pub static LEFT_CUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v = words(include_str!("../data/left_cues.txt"));
    v.extend_from_slice(&MORE_LEFT_CUES);
    v
});

/// Person nouns of the parties' own documents and stories besides those of `data/left_cues.txt`
/// (合租人邓佳佳, 退休教师蒋玉梅, 收款人陈丽).
pub static MORE_LEFT_CUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    words(
        "合租人 同住人 共有人 承包人 发包人 投保人 被保险人 受益人 收款人 付款人 \
         领款人 经手人 出具人 签字人 立据人 买受人 出卖人 受让人 转让人 赠与人 \
         受赠人 抚养人 赡养人 被赡养人 被监护人 委托代理人 教师 退休教师 班主任 \
         护士 教练 \
         村民代表 居民代表 业主代表 职工代表 群众代表 家属代表 党员代表 楼栋代表 \
         村文书 社区文书 单元长 楼道长 网格长 小组长 村民组长 \
         记录人 欠款人 在场人 验收人 \
         老伴儿 对象 亲家 亲家公 亲家母 干爹 干妈 干女儿 干儿子 孩子他爸 孩子他妈 \
         孩子她爸 孩子她妈 非婚生女 非婚生子 非婚生女儿 非婚生儿子 发小 \
         真名 本名 大名 学名 全名 网名",
    )
});

/// Person nouns that name one individual, a relative or a witness (女儿, 岳父, 证人): after one, a
/// full name whose first two characters are a word (女儿王国芳, 其子林业强, 证人高尚武到场) is a
/// name when the clause ends there or a cue follows. Collective nouns (居民, 业主, 村民) are not
/// listed: 居民黄金周出游 has the same shape.
pub static KIN_CUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    words(
        "女儿 儿子 妻子 丈夫 老伴 爱人 前妻 前夫 其子 其女 其妻 其夫 其父 \
         其母 其兄 其弟 其姐 其妹 其侄 其孙 其孙女 其婿 其媳 之子 之女 之妻 \
         之夫 之父 之母 之婿 之媳 之孙 之孙女 之兄 之弟 之姐 之妹 之侄 之侄女 \
         岳父 岳母 公公 婆婆 父亲 母亲 继父 继母 养父 养母 生父 生母 祖父 \
         祖母 外祖父 外祖母 爷爷 奶奶 外公 外婆 哥哥 姐姐 弟弟 妹妹 堂兄 堂弟 \
         堂姐 堂妹 堂哥 表哥 表姐 表弟 表妹 侄子 侄女 外甥 外甥女 孙子 孙女 \
         外孙 外孙女 曾孙 儿媳 儿媳妇 女婿 长子 次子 长女 次女 养子 养女 继子 \
         继女 独子 独女 幼子 小儿子 大儿子 二儿子 小女儿 大女儿 舅舅 姑姑 叔叔 \
         姨妈 舅妈 姑父 姨父 嫂子 弟媳 姐夫 妹夫 证人 见证人 老伴儿 干女儿 干儿子 \
         非婚生女 非婚生子 非婚生女儿 非婚生儿子",
    )
});

/// Right cues after a relative whose name starts with a word (小女儿王国芳远嫁外省, 证人高尚武到场):
/// a life event or an appearance, besides the verbs of speaking.
pub static KIN_RIGHT: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    words(
        "到场 出庭 作证 远嫁 出嫁 嫁到 嫁给 结婚 出生 去世 病逝 病故 离世 \
         外出 定居 移居 务工 打工",
    )
});

/// Labels before a colon in the parties' documents and lists (经手人：何平, 甲方：李建国（签字）,
/// 姓名：陈丽): a short name right after one that ends the field is a person.
pub static NAME_LABELS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    words(
        "姓名 户名 签名 签字 户主 甲方 乙方 丙方 丁方 经手人 收款人 付款人 \
         领款人 交款人 收件人 寄件人 收货人 送货人 出具人 立据人 签字人 签收人 \
         借款人 出借人 担保人 保证人 申请人 被申请人 当事人 联系人 法定代表人 \
         委托代理人 代理人 见证人 证人 承租人 出租人 原告 被告 第三人 上诉人 \
         被上诉人 委托人 受托人 继承人 监护人 债权人 债务人 负责人 经办人 介绍人 \
         买方 卖方 买受人 出卖人 受让人 转让人 承包人 发包人 共有人 合租人 \
         被监护人 赡养人 欠款人 还款人 记录人 记录员 在场人 在场人员 验收人 \
         房东 房客 租客 租户 业主 住户 领取人 缴款人 证明人 报案人 举报人 投诉人 \
         来访人 送达人 受送达人 施工人 维修人 检查人 审核人 填表人 制表人 书记员 \
         收条人 中间人 立约人",
    )
});

/// Verbs of dealing with somebody after "与/跟/同 + name" (与滕建新协商): the preposition and the
/// verb together point at a person.
pub static DEAL_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    words(
        "协商 沟通 商量 商议 商定 联系 交涉 协调 谈判 洽谈 磋商 见面 通话 \
         吵架 争吵 签订 签署 达成 约定",
    )
});

/// Words that often follow a name (王五借款, 赵六离婚): when one starts right after a one-character
/// given name, the name ends there.
pub static FOLLOW_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/follow_words.txt")));

/// Right-context cues that are verbs of speaking or agreeing (王小明说), from
/// `data/right_speech.txt` and [`MORE_RIGHT_SPEECH`].
pub static RIGHT_SPEECH: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v = words(include_str!("../data/right_speech.txt"));
    v.extend_from_slice(MORE_RIGHT_SPEECH);
    v
});

/// Verbs of testifying besides those of `data/right_speech.txt` (蒋玉梅作证说, 孙大海可以证明).
pub const MORE_RIGHT_SPEECH: &[&str] = &["作证", "证明", "可以证明", "能够证明", "出具"];

/// Weak right-context cues: function words and punctuation after a name (王小明与、王小明的).
pub const RIGHT_WEAK: &[&str] = &[
    "与", "和", "的", "系", "诉", "因", "在", "及", "等", "也", "都", "已", "曾", "于", "将", "把",
    "被", "对", "便", "就", "又", "是", "为", "从", "跟", "同", "、", "，", "。", "；", "：", "！",
    "？", ",", ".", ";", ":", "!", "?", "）", ")", "”", "\"", "」", "』", "（", "(", "\n", "到",
    "来", "去", "还", "却", "则", "先", "随", "再", "均", "一起", "等人", "二人", "两人", "夫妇",
    "一家", "不", "三人", "四人", "几人", "多人",
];

/// Titles and honorifics that can follow a surname (张主任, 王阿姨): the surname then is not the
/// start of a full name. After a full name they are a strong right cue (王建国师傅).
pub static TITLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/titles.txt")));

/// Kinship honorifics after a bare surname (王阿姨): reported as low-confidence findings only.
pub const KIN_HONORIFICS: &[&str] = &[
    "阿姨", "大爷", "大妈", "大娘", "大姐", "大哥", "大叔", "大婶", "大伯", "师傅", "老汉", "奶奶",
    "爷爷", "婶", "嫂",
];

/// Characters that end a given name: function words and verbs that rarely occur in names.
pub const STOP_CHARS: &str = "的了在是和与及或说称表认同对向从到把被将为以因于也都就又还再才不没已曾要会能签\
可应该等问答讲告诉辩拒承回提希请这那其之所并而但却则即便后前时中上下内外里家某个们着过地得很太更最\
每各另此本该诸些百千万两几多少来去找让给叫当欠";

/// Stop characters that are common in given names all the same (滕家齐, 秦可欣, 仇万山): allowed
/// as the first of two given characters when the next one is not in [`SOFT_STOP_NEXT`].
pub const SOFT_STOP_FIRST: &str = "家可万";
/// After a soft stop character these end the candidate (王家人, 王可以, 欠王万元).
pub const SOFT_STOP_NEXT: &str = "人里门院屋元块多余以能是";
/// Stop characters allowed as the last of two given characters (邢福来, 鲍春来) unless one of
/// [`SOFT_LAST_NEXT`] follows (王五来了).
pub const SOFT_STOP_LAST: &str = "来";
/// See [`SOFT_STOP_LAST`].
pub const SOFT_LAST_NEXT: &str = "了过的到得着往自找看说问";

/// Words of case narratives that begin with a surname character and that jieba's dictionary (and
/// so [`COMMON_WORDS`]) lacks: 尚 as "still" before a verb or an adjective (被申请人尚欠5000元,
/// 业主尚需补缴, 女儿尚小), 余 as "remaining" (余欠), and the grid duties of village and community
/// staff (民警包片负责, 干部包户). Like the common words they are no name, nor the start of one
/// unless the context says so from both sides (邻居尚可欣说).
pub const SURNAME_WORDS: &[&str] = &[
    "尚欠", "尚需", "尚须", "尚余", "尚缺", "尚差", "尚属", "尚小", "尚早", "尚幼", "尚浅", "尚轻",
    "尚短", "尚少", "尚年", "尚难", "尚拖", "尚能", "尚可", "尚待", "尚在", "尚且", "尚不", "尚没",
    "尚算", "尚好", "尚佳", "尚健", "余欠", "余剩", "包片", "包村", "包户", "包保", "包联", "包干",
    "包组",
];

/// Frequent words formed by the last character of a left cue and a surname character (维修工程,
/// 物业主任, 保安全): after such a pair the cue does not point at a name.
/// (证人马建国, 村长江海 and 司机关某 are names: 人马, 长江 and 机关 are not listed.)
pub const BOND_WORDS: &[&str] = &[
    "工程", "工商", "工钱", "主任", "主席", "主张", "主管", "儿童", "安全", "公安", "公司", "方法",
    "方向", "理解", "学习", "生于", "公路", "公元", "名单",
];

/// Characters after which a candidate is a place or organisation, not a person (王家村, 李庄).
pub const PLACE_SUFFIX_CHARS: &str = "村镇乡县市省区路街巷弄道庄屯厂店园苑湖河江山桥楼院馆寺庙港湾岛坝沟塘岭坡\
营堡寨集铺站场局所处部委队组社司校城州府阁";

/// Multi-character place / organisation suffixes.
pub static PLACE_SUFFIXES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/place_suffixes.txt")));

/// Words that begin with a place-suffix character but name no place (组织, 委托, 所说).
pub static NOT_PLACE_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/not_place_words.txt")));

/// Common words that look like surname + given name. Never replaced as undeclared names.
pub static VETO_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/veto_words.txt")));

/// Frequent everyday words that start with a surname character (查明, 卫生, 公约), generated from
/// the jieba dictionary: a candidate that is one of them, or starts with one, is not a name
/// unless the context says so from both sides.
pub static COMMON_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/common_words.txt")));

/// Words of [`VETO_WORDS`] that are plausible names too (江山, 文明, 白雪): still reported, at low
/// confidence, when cues on both sides point at a person.
pub static NAME_LIKE_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/name_like_words.txt")));

/// Frequent words whose second character is a surname character (调解, 公平, 权益), generated
/// from the jieba dictionary: a surname character completing one is inside a word.
pub static WORD_ENDINGS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/bond_words.txt")));

/// Left-context words that point at a person less reliably (本人王某, 对方李某): they count as a
/// left cue, but a candidate after one still needs a right-context cue.
pub const WEAK_LEFT_CUES: &[&str] = &["本人", "对方", "姓名", "诉称", "辩称"];

/// Words that make a declared "name" implausible (a role written where the name belongs).
pub const ROLE_WORDS: &[&str] = &[
    "申请人",
    "被申请人",
    "原告",
    "被告",
    "当事人",
    "第三人",
    "证人",
    "调解员",
    "本人",
    "某某",
    "无",
    "未知",
    "不详",
    "匿名",
    "他人",
    "对方",
];

/// Organisation suffixes: a declared party ending with one is an organisation (某公司, 某甲公司).
pub const ORG_SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "合作社",
    "委员会",
    "事务所",
    "研究所",
    "中心",
    "医院",
    "诊所",
    "学校",
    "幼儿园",
    "超市",
    "商店",
    "商行",
    "饭店",
    "酒店",
    "餐厅",
    "餐馆",
    "面馆",
    "工厂",
    "厂",
    "店",
    "工作室",
    "物业",
    "集团",
    "银行",
];

/// Industry words kept in organisation pseudonyms (某科技有限公司).
pub static INDUSTRY_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| words(include_str!("../data/industry_words.txt")));

/// Labels that make a 15–18 digit run an identity number.
pub const ID_CONTEXT: &[&str] = &[
    "身份证",
    "证件号",
    "公民身份号码",
    "身份号码",
    "居民身份",
    "证件号码",
    "身份证号",
    "身份证号码",
    "居住证",
    "身份证件",
    "身份信息",
    "身份证信息",
];
/// Labels that make a 7–8 digit run a local landline number.
pub const PHONE_CONTEXT: &[&str] = &[
    "电话",
    // Not 号码 alone: 身份证号是老式的十五位号码… is an ID number.
    "联系号码",
    "办公室号码",
    "办公号码",
    "单位号码",
    "家庭号码",
    "备用号码",
    "座机",
    "固话",
    "手机",
    "联系方式",
    "tel",
    "TEL",
    "Tel",
    "致电",
    "拨打",
    "电话号码",
    "手机号",
    "手机号码",
    "联系电话",
    "来电",
];
/// Labels that make a 10–30 digit run an account number.
pub const ACCOUNT_CONTEXT: &[&str] = &[
    "账号",
    "帐号",
    "卡号",
    "账户",
    "帐户",
    "开户",
    "银行",
    "存折",
    "户名",
    "支付宝",
    "收款",
    "转账",
    "汇款",
    "银行卡",
];
/// Labels for QQ numbers.
pub const QQ_CONTEXT: &[&str] = &["QQ", "qq", "Qq", "Q号", "扣扣", "企鹅"];
/// Labels of app accounts whose number alone names a resident (小红书号：93284756).
pub const APP_NUMBER_LABELS: &[&str] = &[
    "抖音号",
    "快手号",
    "小红书号",
    "微博号",
    "钉钉号",
    "支付宝账号",
    "支付宝账户",
];
/// Labels for WeChat IDs.
pub const WECHAT_LABELS: &[&str] = &[
    "微信号",
    "微信",
    "WeChat",
    "wechat",
    "weixin",
    "WX",
    "wx",
    "Wx",
    "VX",
    "vx",
    "Vx",
    "V信",
    "v信",
    "威信",
    "薇信",
    "加v",
    "加V",
    "加微",
];
/// Labels for certificate numbers (律师执业证号 is deliberately absent: lawyers are kept).
pub const CERT_LABELS: &[&str] = &[
    "不动产权第",
    "不动产权证号",
    "不动产权证书号",
    "产权证号",
    "房产证号",
    "房权证号",
    "土地证号",
    "权证号",
    "证书编号",
    "证书号",
    "驾驶证号",
    "行驶证号",
    "护照号",
    "护照号码",
    "通行证号",
    "社保卡号",
    "医保卡号",
    "病历号",
    "住院号",
    "学籍号",
    "车架号",
    "发动机号",
    "保单号",
    "IMEI",
    "营业执照号",
    "合同编号",
    "证号",
    // Identity documents besides the resident card, and what identifies a vehicle or a file.
    "护照",
    "通行证",
    "回乡证",
    "台胞证",
    "证件号码",
    "证件号",
    "驾驶证档案编号",
    "车辆识别代号",
    "车辆识别码",
    "VIN码",
    "VIN",
    "vin",
    "医保号",
    "社保号",
    "居住证号",
    "身份证字号",
    "行驶证档案编号",
    "结婚证字号",
    "结婚证号",
    "离婚证字号",
    "离婚证号",
    "营业执照注册号",
];
/// Labels of other numbers that name a person or a household (学号：2021031507, 工号 A1023456,
/// 电费户号, B站 UID): the number right after the label goes.
pub const NUMBER_LABELS: &[&str] = &[
    "学号",
    "工号",
    "员工号",
    "员工编号",
    "职工号",
    "户号",
    "UID",
    "uid",
    "用户ID",
    "会员号",
    "会员卡号",
    "借书证号",
];
/// Labels of a number's last digits (手机尾号0934, 卡号后四位5678): a tail of a number is part of
/// it (docs/anonymization.md).
pub const TAIL_LABELS: &[&str] = &[
    "尾号",
    "后四位",
    "后4位",
    "末四位",
    "末4位",
    "最后四位",
    "最后4位",
    "后三位",
    "后3位",
    "后六位",
    "后6位",
];
/// Address triggers: text after these is an address.
pub const ADDRESS_TRIGGERS: &[&str] = &[
    "住所地",
    "现住",
    "户籍地",
    "户籍所在地",
    "所在地",
    "家住",
    "居住在",
    "住址",
    "地址",
    "位于",
    "坐落于",
    "住在",
    "住",
    "搬到",
    "租住",
];
/// Road suffixes: a road name ends with one of these and is followed by a house number.
pub const ROAD_SUFFIXES: &[&str] = &["大道", "大街", "胡同", "路", "街", "巷", "弄", "里", "道"];
/// Administrative / community level suffixes: a road name does not extend left past these.
pub const LEVEL_SUFFIXES: &[&str] = &[
    "省",
    "市",
    "区",
    "县",
    "旗",
    "州",
    "盟",
    "镇",
    "乡",
    "街道",
    "社区",
    "村",
    "居委会",
    "开发区",
    "新区",
    "小区",
    "花园",
    "家园",
    "新村",
    "公寓",
    "大厦",
    "苑",
];
/// Units of the detailed address part that take a number before them.
pub const ADDRESS_UNITS: &[&str] = &[
    "号楼", "号院", "号房", "号", "栋", "幢", "座", "单元", "层", "楼", "室", "户", "弄", "支弄",
    "组", "队", "排", "房", "门", "寝室", "#楼", "#",
];
/// Units after a number that make it an amount or quantity, never a phone or ID.
pub const AMOUNT_UNITS: &[&str] = &[
    "元", "万", "亿", "块", "圆", "美元", "角", "分", "%", "‰", "年", "月", "日", "岁", "条", "款",
    "项", "个", "次", "人", "平方", "米", "公里", "千克", "公斤", "斤", "吨", "天", "小时", "分钟",
    "秒", "件", "份", "套", "台", "辆", "页", "字", "名", "户", "亩",
];

/// A set of characters: a bitmap for the Basic Multilingual Plane, a hash set beyond it.
pub(crate) struct CharSet {
    bmp: Vec<u64>,
    other: HashSet<char>,
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let mut s = CharSet {
            bmp: vec![0; 1024],
            other: HashSet::new(),
        };
        for c in chars {
            let v = c as u32;
            if v < 0x10000 {
                s.bmp[(v >> 6) as usize] |= 1 << (v & 63);
            } else {
                s.other.insert(c);
            }
        }
        s
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let v = c as u32;
        if v < 0x10000 {
            self.bmp[(v >> 6) as usize] & (1 << (v & 63)) != 0
        } else {
            self.other.contains(&c)
        }
    }
}

/// Pack up to seven BMP characters into one key (length in the top bits); `None` for longer
/// slices or characters beyond the BMP.
#[inline]
fn pack_long(cs: &[char]) -> Option<u128> {
    if cs.is_empty() || cs.len() > 7 {
        return None;
    }
    let mut k = (cs.len() as u128) << 120;
    for (i, &c) in cs.iter().enumerate() {
        let v = c as u32;
        if v > 0xFFFF {
            return None;
        }
        k |= u128::from(v) << (16 * i);
    }
    Some(k)
}

/// A word list prepared for prefix / suffix matching on `&[char]`: a hash of packed words (see
/// [`pack_long`]) probed once per word length present, longest first, after a first- or
/// last-character bitmap test. Words longer than seven characters or beyond the BMP are ignored.
pub(crate) struct WordList {
    map: HashMap<u128, &'static str, Fx>,
    /// Word lengths present, longest first.
    lens: Vec<usize>,
    first: CharSet,
    last: CharSet,
    /// Second and second-to-last characters of the words with two or more characters.
    second: CharSet,
    second_last: CharSet,
    /// Is there a one-character word?
    has_single: bool,
    pub max_len: usize,
}

impl WordList {
    pub fn new(src: &[&'static str]) -> Self {
        let mut map: HashMap<u128, &'static str, Fx> = HashMap::default();
        let mut lens: Vec<usize> = Vec::new();
        let mut firsts = Vec::new();
        let mut lasts = Vec::new();
        let mut seconds = Vec::new();
        let mut second_lasts = Vec::new();
        for w in src.iter().filter(|w| !w.is_empty()) {
            let cs: Vec<char> = w.chars().collect();
            let Some(k) = pack_long(&cs) else {
                continue;
            };
            map.insert(k, w);
            if !lens.contains(&cs.len()) {
                lens.push(cs.len());
            }
            firsts.extend(cs.first().copied());
            lasts.extend(cs.last().copied());
            if cs.len() >= 2 {
                seconds.push(cs[1]);
                second_lasts.push(cs[cs.len() - 2]);
            }
        }
        lens.sort_unstable_by(|a, b| b.cmp(a));
        WordList {
            max_len: lens.first().copied().unwrap_or(0),
            has_single: lens.contains(&1),
            map,
            lens,
            first: CharSet::new(firsts),
            last: CharSet::new(lasts),
            second: CharSet::new(seconds),
            second_last: CharSet::new(second_lasts),
        }
    }

    /// Longest word that `chars` starts with.
    #[inline]
    pub fn prefix(&self, chars: &[char]) -> Option<&'static str> {
        let c = *chars.first()?;
        if !self.first.contains(c) {
            return None;
        }
        // Words of two or more characters need a known second character.
        let longer = chars.get(1).is_some_and(|&d| self.second.contains(d));
        self.lens.iter().find_map(|&len| {
            if (len >= 2 && !longer) || (len == 1 && !self.has_single) {
                return None;
            }
            let k = pack_long(chars.get(..len)?)?;
            self.map.get(&k).copied()
        })
    }

    /// Longest word that `chars` ends with.
    #[inline]
    pub fn suffix(&self, chars: &[char]) -> Option<&'static str> {
        let c = *chars.last()?;
        if !self.last.contains(c) {
            return None;
        }
        let longer = chars
            .len()
            .checked_sub(2)
            .is_some_and(|k| self.second_last.contains(chars[k]));
        self.lens.iter().find_map(|&len| {
            if len >= 2 && !longer {
                return None;
            }
            let from = chars.len().checked_sub(len)?;
            let k = pack_long(&chars[from..])?;
            self.map.get(&k).copied()
        })
    }

    /// Does any word occur in `chars`?
    pub fn occurs_in(&self, chars: &[char]) -> bool {
        (0..chars.len()).any(|k| self.prefix(&chars[k..]).is_some())
    }
}

macro_rules! word_list {
    ($($name:ident = $src:expr;)*) => {
        $(pub(crate) static $name: LazyLock<WordList> = LazyLock::new(|| WordList::new(&$src));)*
    };
}

word_list! {
    W_LEFT_CUES = LEFT_CUES;
    W_WEAK_LEFT_CUES = WEAK_LEFT_CUES;
    W_RIGHT_SPEECH = RIGHT_SPEECH;
    W_RIGHT_WEAK = RIGHT_WEAK;
    W_TITLES = TITLES;
    W_PLACE_SUFFIXES = PLACE_SUFFIXES;
    W_ADDRESS_TRIGGERS = ADDRESS_TRIGGERS;
    W_ROAD_SUFFIXES = ROAD_SUFFIXES;
    W_LEVEL_SUFFIXES = LEVEL_SUFFIXES;
    W_ADDRESS_UNITS = ADDRESS_UNITS;
    W_AMOUNT_UNITS = AMOUNT_UNITS;
    W_FOLLOW_WORDS = FOLLOW_WORDS;
    W_NOT_PLACE_WORDS = NOT_PLACE_WORDS;
    W_KIN_RIGHT = KIN_RIGHT;
    W_NAME_LABELS = NAME_LABELS;
    W_DEAL_VERBS = DEAL_VERBS;
}

/// Pack up to four BMP characters into one integer key (length in the top bits), so word sets
/// can be probed with a slice of the text without building a `String`. `None` for longer slices
/// or characters beyond the BMP (no listed word has them).
#[inline]
pub(crate) fn pack(cs: &[char]) -> Option<u64> {
    if cs.is_empty() || cs.len() > 4 {
        return None;
    }
    let mut k = (cs.len() as u64) << 60;
    for (i, &c) in cs.iter().enumerate() {
        let v = c as u32;
        if v > 0xFFFF {
            return None;
        }
        k |= u64::from(v) << (16 * i);
    }
    Some(k)
}

/// A set of short words (1–4 BMP characters), probed with character slices.
pub(crate) struct WordSet(HashSet<u64, Fx>);

impl WordSet {
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        WordSet(
            words
                .into_iter()
                .filter_map(|w| pack(&w.chars().collect::<Vec<_>>()))
                .collect(),
        )
    }

    /// Is the slice one of the words?
    #[inline]
    pub fn contains(&self, cs: &[char]) -> bool {
        pack(cs).is_some_and(|k| self.0.contains(&k))
    }

    /// String convenience for tests.
    #[cfg(test)]
    pub fn contains_str(&self, s: &str) -> bool {
        self.contains(&s.chars().collect::<Vec<_>>())
    }
}

/// The hand-made veto list ([`VETO_WORDS`]).
pub(crate) static VETO_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(VETO_WORDS.iter().copied()));
/// [`NAME_LIKE_WORDS`] as a set.
pub(crate) static NAME_LIKE_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(NAME_LIKE_WORDS.iter().copied()));
/// [`WORD_ENDINGS`] as a set.
pub(crate) static ENDING_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(WORD_ENDINGS.iter().copied()));
/// Cue-boundary words ([`BOND_WORDS`]).
pub(crate) static BOND_SET: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(BOND_WORDS.iter().copied()));
/// The hand-made veto list, the generated frequent words ([`COMMON_WORDS`]) and [`SURNAME_WORDS`].
pub(crate) static WORD_SET: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(
        VETO_WORDS
            .iter()
            .chain(COMMON_WORDS.iter())
            .chain(SURNAME_WORDS.iter())
            .copied(),
    )
});
static STOP_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(STOP_CHARS.chars()));
static PLACE_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(PLACE_SUFFIX_CHARS.chars()));
static STRONG_PLACE_SET: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(STRONG_PLACE_CHARS.chars()));

/// Is `c` a stop character (ends a given name)?
pub fn is_stop_char(c: char) -> bool {
    STOP_SET.contains(c)
}

/// Is `c` a single-character place suffix?
pub fn is_place_suffix_char(c: char) -> bool {
    PLACE_SET.contains(c)
}

/// Place characters that are never the last character of a given name (王家村, 李庄).
const STRONG_PLACE_CHARS: &str = "村镇乡县市省区路街巷庄屯厂店局所处部委队组社司校阁";

/// Is `c` a place character that cannot end a given name?
pub fn is_strong_place_char(c: char) -> bool {
    STRONG_PLACE_SET.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_suffix() {
        let c: Vec<char> = "被申请人".chars().collect();
        assert_eq!(W_LEFT_CUES.suffix(&c), Some("被申请人"));
        let c: Vec<char> = "阿姨说".chars().collect();
        assert_eq!(W_TITLES.prefix(&c), Some("阿姨"));
        assert!(is_stop_char('说'));
        assert!(!is_stop_char('伟'));
        assert!(VETO_SET.contains_str("高兴"));
        // Generated frequent words: 查明原因, 卫生间, 业主公约.
        for w in [
            "查明",
            "卫生",
            "公约",
            "和解",
            "于是",
            "高兴",
            "文明",
            "卫生间",
        ] {
            assert!(WORD_SET.contains_str(w), "{w}");
        }
        for w in ["调解", "公平", "权益", "和解", "儿童"] {
            assert!(ENDING_SET.contains_str(w), "{w}");
        }
        for name in ["王小明", "简丽娟", "闫丽萍", "詹国栋", "伏建华", "宗海涛"] {
            assert!(!WORD_SET.contains_str(name), "{name}");
            assert!(!WORD_SET.contains_str(&name[..6]), "{name}");
        }
        assert_eq!(pack(&['张']), pack(&['张']));
        assert_ne!(pack(&['张', '三']), pack(&['三', '张']));
        assert_eq!(pack(&['𠈌', '三']), None);
        assert_eq!(pack(&[]), None);
        // Longest first, both directions; words of every length.
        let w = WordList::new(&["人", "证人", "见证人", "当事人之一"]);
        let c: Vec<char> = "他是见证人".chars().collect();
        assert_eq!(w.suffix(&c), Some("见证人"));
        let c: Vec<char> = "当事人之一王某".chars().collect();
        assert_eq!(w.prefix(&c), Some("当事人之一"));
        assert_eq!(w.prefix(&c[1..]), None);
        assert_eq!(w.max_len, 5);
        assert!(w.occurs_in(&c));
        let set = CharSet::new("a张𠈌".chars());
        assert!(set.contains('张') && set.contains('𠈌') && set.contains('a'));
        assert!(!set.contains('李'));
    }
}
