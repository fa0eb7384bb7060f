//! The province a site belongs to, from its host name: `*.tj.gov.cn` → 天津, `mzt.jiangsu.gov.cn` → 江苏.
//!
//! Provincial government sites use either a two- or three-letter abbreviation right before `gov.cn`
//! (the list below, as used by the provinces' own portals) or the pinyin of the province as any label.
//! Only labels are compared, never substrings, so `www.hnjs.com` is not 河南.

/// Two- or three-letter abbreviations used as the label before `gov.cn`, with the province's code.
const ABBREVIATIONS: &[(&str, u32)] = &[
    ("bj", 110000),
    ("tj", 120000),
    ("he", 130000),
    ("sx", 140000),
    ("nm", 150000),
    ("nmg", 150000),
    ("ln", 210000),
    ("jl", 220000),
    ("hlj", 230000),
    ("sh", 310000),
    ("js", 320000),
    ("zj", 330000),
    ("ah", 340000),
    ("fj", 350000),
    ("jx", 360000),
    ("sd", 370000),
    ("ha", 410000),
    ("hb", 420000),
    ("hn", 430000),
    ("gd", 440000),
    ("gx", 450000),
    ("hi", 460000),
    ("cq", 500000),
    ("sc", 510000),
    ("gz", 520000),
    ("yn", 530000),
    ("xz", 540000),
    ("sn", 610000),
    ("gs", 620000),
    ("qh", 630000),
    ("nx", 640000),
    ("xj", 650000),
];

/// Pinyin names of provinces, matched as a whole label of any host (`jiangsu.gov.cn`, `www.henan.gov.cn`).
/// 山西 is `shanxi` and 陕西 `shaanxi`, as both provinces write them.
const PINYIN_NAMES: &[(&str, u32)] = &[
    ("beijing", 110000),
    ("tianjin", 120000),
    ("hebei", 130000),
    ("shanxi", 140000),
    ("neimenggu", 150000),
    ("nmg", 150000),
    ("liaoning", 210000),
    ("jilin", 220000),
    ("heilongjiang", 230000),
    ("shanghai", 310000),
    ("jiangsu", 320000),
    ("zhejiang", 330000),
    ("anhui", 340000),
    ("fujian", 350000),
    ("jiangxi", 360000),
    ("shandong", 370000),
    ("henan", 410000),
    ("hubei", 420000),
    ("hunan", 430000),
    ("guangdong", 440000),
    ("guangxi", 450000),
    ("hainan", 460000),
    ("chongqing", 500000),
    ("sichuan", 510000),
    ("guizhou", 520000),
    ("yunnan", 530000),
    ("xizang", 540000),
    ("shaanxi", 610000),
    ("gansu", 620000),
    ("qinghai", 630000),
    ("ningxia", 640000),
    ("xinjiang", 650000),
];

/// Returns the code of the province a host belongs to, if its name says so.
pub(crate) fn province_code_of_host(host: &str) -> Option<u32> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if let Some(before_gov) = labels.len().checked_sub(3)
        && labels[labels.len() - 2..] == ["gov", "cn"]
        && let Some(code) = lookup(ABBREVIATIONS, labels[before_gov])
    {
        return Some(code);
    }
    labels.iter().find_map(|label| lookup(PINYIN_NAMES, label))
}

fn lookup(table: &[(&str, u32)], label: &str) -> Option<u32> {
    table.iter().find(|(name, _)| *name == label).map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_before_gov_cn() {
        assert_eq!(province_code_of_host("www.tj.gov.cn"), Some(120000));
        assert_eq!(province_code_of_host("mzj.hpq.tj.gov.cn"), Some(120000));
        assert_eq!(province_code_of_host("tj.gov.cn.example.com"), None, "help: only the label right before gov.cn");
        assert_eq!(province_code_of_host("mca.gov.cn"), None);
        assert_eq!(province_code_of_host("SD.GOV.CN"), Some(370000));
    }

    #[test]
    fn pinyin_labels_anywhere() {
        assert_eq!(province_code_of_host("mzt.jiangsu.gov.cn"), Some(320000));
        assert_eq!(province_code_of_host("www.henan.gov.cn"), Some(410000));
        assert_eq!(province_code_of_host("shaanxi.gov.cn"), Some(610000));
        assert_eq!(province_code_of_host("www.hnjs.com"), None);
        assert_eq!(province_code_of_host("news.163.com"), None);
    }
}
