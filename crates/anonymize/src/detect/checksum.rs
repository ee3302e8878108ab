//! Check digits and validity rules: resident ID (GB 11643-1999), Luhn (bank cards), unified social
//! credit code (GB 32100-2015), calendar dates, mobile prefixes and service numbers.

/// Weights of the GB 11643 check digit.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";
/// Province prefixes of resident ID numbers (plus 9x for permanent residence cards of foreigners).
const ID_PROVINCES: &[u32] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91, 93,
];
/// Latest birth year accepted (no clock in a pure crate: a fixed bound).
const MAX_YEAR: u32 = 2100;

fn digit(c: u8) -> Option<u32> {
    c.is_ascii_digit().then(|| u32::from(c - b'0'))
}

/// The GB 11643 check character for the first 17 digits, or `None` if they are not digits.
pub fn id18_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in b.iter().zip(ID_WEIGHTS) {
        sum += digit(*c)? * w;
    }
    Some(char::from(ID_CHECK[(sum % 11) as usize]))
}

/// Does this 18-character string carry a correct GB 11643 check character (`x` accepted as `X`)?
pub fn id18_checksum_ok(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !s.is_ascii() {
        return false;
    }
    let Some(expected) = id18_check_char(&s[..17]) else {
        return false;
    };
    char::from(b[17]).to_ascii_uppercase() == expected
}

/// Is `y`-`m`-`d` a real calendar day between 1900 and 2100?
pub fn valid_date(y: u32, m: u32, d: u32) -> bool {
    if !(1900..=MAX_YEAR).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// Is `yyyymmdd` (8 ASCII digits) a real day?
pub fn valid_yyyymmdd(s: &str) -> bool {
    s.len() == 8
        && s.is_ascii()
        && match (num(&s[..4]), num(&s[4..6]), num(&s[6..8])) {
            (Some(y), Some(m), Some(d)) => valid_date(y, m, d),
            _ => false,
        }
}

/// Full validity of an 18-digit resident ID: province prefix, real birth date, check character.
pub fn id18_valid(s: &str) -> bool {
    s.len() == 18
        && id18_checksum_ok(s)
        && num(&s[..2]).is_some_and(|p| ID_PROVINCES.contains(&p))
        && valid_yyyymmdd(&s[6..14])
}

/// Plausibility of a legacy 15-digit ID: province prefix and a real date 19YYMMDD.
pub fn id15_plausible(s: &str) -> bool {
    s.len() == 15
        && s.bytes().all(|c| c.is_ascii_digit())
        && num(&s[..2]).is_some_and(|p| ID_PROVINCES.contains(&p))
        && valid_yyyymmdd(&format!("19{}", &s[6..12]))
}

/// Luhn check over an ASCII digit string (at least 2 digits).
pub fn luhn_valid(s: &str) -> bool {
    if s.len() < 2 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0u32;
    for (i, c) in s.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// Plausible bank-card prefix (UnionPay 62, Visa 4, Mastercard 5/2221–2720, Amex/JCB 3, domestic 9).
pub fn card_prefix_ok(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'3' | b'4' | b'5' | b'6' | b'9') => true,
        Some(b'2') => s
            .get(..4)
            .and_then(num)
            .is_some_and(|p| (2221..=2720).contains(&p)),
        _ => false,
    }
}

/// Alphabet of the unified social credit code (no I O S V Z).
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn uscc_index(c: char) -> Option<u32> {
    USCC_ALPHABET.find(c).map(|i| i as u32)
}

/// The GB 32100 check character for the first 17 characters.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += uscc_index(c)? * w;
    }
    let idx = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(idx as usize)
}

/// Is this a unified social credit code with a correct GB 32100 check character?
pub fn uscc_valid(s: &str) -> bool {
    if s.len() != 18 || !s.is_ascii() {
        return false;
    }
    match (uscc_check_char(&s[..17]), s[17..].chars().next()) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// An organization's unified social credit code (a company's 91…, a social organization's 52…,
/// an office's 11…): public, never a person's bank card. A sole trader's (92…) names its owner
/// and is not one of these.
pub fn organization_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 18
        && matches!(b[0], b'1' | b'5' | b'9' | b'Y')
        && matches!(b[1], b'1' | b'2' | b'3' | b'9')
        && !s.starts_with("92")
        && uscc_valid(s)
}

/// Mainland mobile number: 11 digits starting 13–19.
pub fn mobile_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

/// Public service numbers that are never personal: 110/119/120/122, 12345, 12348, 12368 and other
/// 12xxx hotlines, 95xxx/96xxx, 400-/800- numbers.
pub fn is_service_number(digits: &str) -> bool {
    let n = digits.len();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    matches!(digits, "110" | "119" | "120" | "122" | "114" | "12110")
        || (n == 5
            && (digits.starts_with("12") || digits.starts_with("95") || digits.starts_with("96")))
        || ((6..=8).contains(&n) && (digits.starts_with("95") || digits.starts_with("96")))
        || (n == 10 && (digits.starts_with("400") || digits.starts_with("800")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id18() {
        assert!(id18_valid("11010519491231002X"));
        assert!(id18_valid("11010519491231002x"));
        assert!(id18_valid("110101202311012176"));
        assert!(id18_valid("53010219200508011X"));
        assert!(!id18_valid("110101202311012171"));
        assert!(!id18_checksum_ok("110101202311012171"));
        // Valid check digit but impossible date (2023-02-30).
        let first = "11010120230230123";
        let bad_date = format!("{first}{}", id18_check_char(first).unwrap_or('0'));
        assert!(id18_checksum_ok(&bad_date));
        assert!(!id18_valid(&bad_date));
        assert!(!id18_valid("abc"));
    }

    #[test]
    fn id15() {
        assert!(id15_plausible("110105491231002"));
        assert!(!id15_plausible("110105491331002"));
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid("6226095711989751"));
        assert!(!luhn_valid("6226095711989752"));
        assert!(!luhn_valid("62260957119897a1"));
        assert!(card_prefix_ok("6226095711989751"));
        assert!(!card_prefix_ok("2023138123456789"));
    }

    #[test]
    fn uscc() {
        assert!(uscc_valid("91510100MA0000000H"));
        assert!(!uscc_valid("91510100MA0000000J"));
        assert_eq!(uscc_check_char("92110105MA01ABCD1"), Some('0'));
        assert!(uscc_valid("92110105MA01ABCD10"));
        assert!(uscc_valid("92440300MA5FXXXX1U"));
        assert!(!uscc_valid("92110105MA01ABCD11"));
    }

    #[test]
    fn dates_mobiles_services() {
        assert!(valid_date(2024, 2, 29));
        assert!(!valid_date(2023, 2, 29));
        assert!(mobile_valid("13812345678"));
        assert!(!mobile_valid("12812345678"));
        for s in [
            "110",
            "119",
            "120",
            "122",
            "12345",
            "12348",
            "12368",
            "95588",
            "96110",
            "4008208820",
        ] {
            assert!(is_service_number(s), "{s}");
        }
        assert!(!is_service_number("13812345678"));
    }
}
