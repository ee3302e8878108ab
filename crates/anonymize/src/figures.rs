//! Well-known historical, revolutionary, cultural and model figures that legal-education and civic
//! texts quote (毛泽东说, 正如费孝通所言, 焦裕禄同志, 六尺巷的张英): their names are never an
//! undeclared person's name. A case that declares one of them as a party still has it replaced
//! (a declared name is covered before names are looked for). A name of two characters (张英, 雷锋,
//! 王杰) is an ordinary name too: right after a person noun (邻居张英说) it is the neighbour's.
//!
//! The list holds figures of history and public life only: no private person, living or not.

use std::sync::LazyLock;

use crate::lexicon::WordSet;

/// The names, in simplified script (the text is folded before it is searched).
const FIGURES: &str = "\
毛泽东 周恩来 刘少奇 朱德 邓小平 陈云 任弼时 董必武 彭德怀 贺龙 陈毅 刘伯承 林伯渠 叶剑英 \
聂荣臻 徐向前 罗荣桓 李大钊 陈独秀 瞿秋白 蔡和森 毛泽民 毛岸英 杨开慧 方志敏 恽代英 邓中夏 \
彭湃 夏明翰 杨靖宇 赵一曼 赵尚志 左权 张自忠 佟麟阁 赵登禹 吉鸿昌 刘胡兰 董存瑞 黄继光 \
邱少云 江竹筠 江姐 张思德 白求恩 柯棣华 罗盛教 杨根思 王二小 \
习仲勋 习近平 江泽民 胡锦涛 宋庆龄 何香凝 邓颖超 张闻天 王稼祥 谢觉哉 马锡五 沈钧儒 \
焦裕禄 孔繁森 谷文昌 杨善洲 王进喜 时传祥 张秉贵 郭明义 吴运铎 欧阳海 麦贤得 雷锋 \
钱学森 邓稼先 钱三强 袁隆平 屠呦呦 黄大年 南仁东 于敏 孙家栋 黄旭华 钱七虎 吴孟超 林俊德 \
钟南山 张桂梅 张富清 申纪兰 李保国 黄文秀 廖俊波 王继才 樊锦诗 林巧稚 华罗庚 陈景润 \
李四光 竺可桢 茅以升 詹天佑 童第周 梁思成 邹碧华 宋鱼水 金桂兰 陈燕萍 詹红荔 \
孔子 孔丘 孟子 孟轲 老子 庄子 荀子 墨子 韩非 韩非子 管仲 商鞅 李斯 孙武 孙膑 晏子 \
秦始皇 汉武帝 唐太宗 李世民 魏征 魏徵 武则天 康熙 乾隆 雍正 朱元璋 刘邦 项羽 \
屈原 司马迁 司马光 班固 董仲舒 张衡 蔡伦 祖冲之 华佗 张仲景 孙思邈 李时珍 毕昇 沈括 \
郑和 张骞 玄奘 鉴真 花木兰 岳飞 文天祥 于谦 海瑞 包拯 包公 狄仁杰 宋慈 诸葛亮 曹操 刘备 \
关羽 张飞 孔融 陶渊明 李白 杜甫 白居易 王维 孟浩然 李商隐 杜牧 王昌龄 韩愈 柳宗元 \
欧阳修 苏轼 苏东坡 苏辙 苏洵 王安石 曾巩 范仲淹 陆游 辛弃疾 李清照 朱熹 陆九渊 \
王阳明 王守仁 顾炎武 黄宗羲 王夫之 戚继光 郑成功 林则徐 关天培 邓世昌 左宗棠 曾国藩 \
李鸿章 张之洞 康有为 梁启超 谭嗣同 严复 孙中山 孙文 黄兴 秋瑾 林觉民 蔡锷 邹容 \
张居正 徐光启 徐霞客 黄道婆 郑板桥 纪晓岚 张英 蒲松龄 曹雪芹 吴承恩 施耐庵 罗贯中 \
沈家本 伍廷芳 蔡元培 胡适 鲁迅 周树人 郭沫若 茅盾 巴金 老舍 冰心 朱自清 闻一多 钱钟书 \
杨绛 沈从文 艾青 臧克家 叶圣陶 费孝通 梁漱溟 冯友兰 季羡林 陶行知 黄炎培 晏阳初 \
马克思 恩格斯 列宁 孟德斯鸠 卢梭 洛克 霍布斯 贝卡里亚 边沁 康德 黑格尔 伏尔泰 林肯 \
甘地 曼德拉 牛顿 爱因斯坦 培根 莎士比亚 托尔斯泰 柏拉图 苏格拉底 霍姆斯 丘吉尔 \
雨果 歌德 居里夫人 诺贝尔 富兰克林 华盛顿";

static FIGURE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FIGURES.split_whitespace()));

/// Is `name` (folded to simplified) one of the figures?
pub(crate) fn is_figure(name: &[char]) -> bool {
    FIGURE_SET.contains(name)
}

/// The figure's name starting at `i` of `f`, if one does and it ends where a name may (not 雷锋华,
/// whose 华 goes on the name): its end.
pub(crate) fn figure_at(f: &[char], i: usize) -> Option<usize> {
    (2..=4)
        .rev()
        .filter(|&k| i + k <= f.len())
        .find(|&k| is_figure(&f[i..i + k]))
        .map(|k| i + k)
}

/// Is `bytes[start..end]` (a party's given name) the end of a well-known figure's name written
/// there (泽东 of a party 王泽东 in 毛泽东, 小平 in 邓小平)? It is not the party: the name stays.
pub fn in_figure_name(bytes: &[u8], start: usize, end: usize) -> bool {
    let (Some(given), Some(before)) = (
        bytes.get(start..end),
        bytes.get(start.saturating_sub(6)..start),
    ) else {
        return false;
    };
    // The whole characters of up to six bytes before (two Han characters).
    let skip = before.iter().take_while(|&&b| b & 0xC0 == 0x80).count();
    let (Ok(given), Ok(before)) = (
        std::str::from_utf8(given),
        std::str::from_utf8(&before[skip..]),
    ) else {
        return false;
    };
    let given: Vec<char> = given.chars().collect();
    let before: Vec<char> = before.chars().collect();
    (1..=2.min(before.len())).any(|k| {
        let name: Vec<char> = before[before.len() - k..]
            .iter()
            .chain(&given)
            .copied()
            .collect();
        is_figure(&name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_is_found() {
        for name in FIGURES.split_whitespace() {
            let f: Vec<char> = name.chars().collect();
            assert!(
                f.len() <= 4,
                "{name}: the word set holds up to four characters"
            );
            assert!(is_figure(&f), "{name}");
        }
        let f: Vec<char> = "正如毛泽东同志所说".chars().collect();
        assert_eq!(figure_at(&f, 2), Some(5));
        assert_eq!(figure_at(&f, 0), None);
    }
}
