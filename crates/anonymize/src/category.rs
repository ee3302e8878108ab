//! What kind of personal information a replacement, finding or leak is about, with its Chinese
//! label and the readable placeholder that replaces removed numbers and addresses.

use std::fmt;

/// Kind of personal information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// A declared party's full name.
    Party,
    /// A declared alias (老张, 李大姐, 阿珍…).
    Alias,
    /// A declared party's given name alone (建国 for 张建国).
    GivenName,
    /// A person name found in the text but not declared.
    UndeclaredName,
    /// Resident identity card number (18 or 15 digits).
    IdNumber,
    /// Mobile phone number.
    Mobile,
    /// Landline phone number.
    Landline,
    /// Bank card number (Luhn-valid).
    BankCard,
    /// Labelled bank / payment account number.
    Account,
    /// Vehicle licence plate.
    Plate,
    /// E-mail address.
    Email,
    /// QQ number.
    Qq,
    /// WeChat ID.
    Wechat,
    /// Property / other certificate number.
    Certificate,
    /// Unified social credit code of an individual business (prefix 92).
    CreditCode,
    /// Detailed part of an address (road + number, building, unit, room).
    Address,
    /// An IP address (登录IP：183.129.55.12): it locates a resident's line.
    Ip,
    /// Another number that names a person or a household after its label (学号, 工号, 户号,
    /// UID), and the tail of a number after 尾号 / 后四位.
    Number,
    /// The school a child in a case attends, with the grade and class (西园小学四年级（3）班).
    School,
}

impl Category {
    /// All categories, in declaration order.
    pub const ALL: [Category; 19] = [
        Category::Party,
        Category::Alias,
        Category::GivenName,
        Category::UndeclaredName,
        Category::IdNumber,
        Category::Mobile,
        Category::Landline,
        Category::BankCard,
        Category::Account,
        Category::Plate,
        Category::Email,
        Category::Qq,
        Category::Wechat,
        Category::Certificate,
        Category::CreditCode,
        Category::Address,
        Category::Ip,
        Category::Number,
        Category::School,
    ];

    /// Chinese label, e.g. "身份证号码".
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Party => "当事人姓名",
            Category::Alias => "当事人别称",
            Category::GivenName => "当事人名字",
            Category::UndeclaredName => "未登记的人名",
            Category::IdNumber => "身份证号码",
            Category::Mobile => "手机号码",
            Category::Landline => "固定电话",
            Category::BankCard => "银行卡号",
            Category::Account => "账号",
            Category::Plate => "车牌号",
            Category::Email => "电子邮箱",
            Category::Qq => "QQ号",
            Category::Wechat => "微信号",
            Category::Certificate => "证书编号",
            Category::CreditCode => "统一社会信用代码",
            Category::Address => "详细地址",
            Category::Ip => "IP地址",
            Category::Number => "个人编号",
            Category::School => "就读学校",
        }
    }

    /// Readable placeholder used when the item is removed, e.g. "〔身份证号码已隐去〕".
    /// Name categories are normally replaced by a pseudonym; their placeholder is "〔姓名已隐去〕".
    pub fn placeholder(self) -> &'static str {
        match self {
            Category::Party | Category::Alias | Category::GivenName | Category::UndeclaredName => {
                "〔姓名已隐去〕"
            }
            Category::IdNumber => "〔身份证号码已隐去〕",
            Category::Mobile => "〔手机号码已隐去〕",
            Category::Landline => "〔固定电话已隐去〕",
            Category::BankCard => "〔银行卡号已隐去〕",
            Category::Account => "〔账号已隐去〕",
            Category::Plate => "〔车牌号已隐去〕",
            Category::Email => "〔电子邮箱已隐去〕",
            Category::Qq => "〔QQ号已隐去〕",
            Category::Wechat => "〔微信号已隐去〕",
            Category::Certificate => "〔证书编号已隐去〕",
            Category::CreditCode => "〔统一社会信用代码已隐去〕",
            Category::Address => "〔详细地址已隐去〕",
            Category::Ip => "〔IP地址已隐去〕",
            Category::Number => "〔编号已隐去〕",
            Category::School => "〔学校已隐去〕",
        }
    }

    /// Is this a person-name category (replaced by a pseudonym)?
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Category::Party | Category::Alias | Category::GivenName | Category::UndeclaredName
        )
    }

    /// Is this a number-like category (digit strings with digit boundaries)?
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Category::IdNumber
                | Category::Mobile
                | Category::Landline
                | Category::BankCard
                | Category::Account
                | Category::Qq
                | Category::Certificate
                | Category::CreditCode
                | Category::Number
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_zh())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_have_no_digits() {
        for c in Category::ALL {
            assert!(!c.placeholder().chars().any(|ch| ch.is_ascii_digit()));
            assert!(c.placeholder().starts_with('〔'));
            assert!(!c.label_zh().is_empty());
        }
        assert_eq!(Category::IdNumber.placeholder(), "〔身份证号码已隐去〕");
        assert_eq!(Category::Plate.to_string(), "车牌号");
    }
}
