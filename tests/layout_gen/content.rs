//! What a generated report says, and the truth it must read back as: the
//! title, agency and year, the prose of the six sections, and every cell of
//! the national format's tables with its printed text and its value under
//! the spec's `value_conventions` (blank → null, '-', '/', '—' → 0,
//! thousands separators dropped, 元 in a 万元 column converted).

use std::sync::OnceLock;

use serde_json::Value;

use super::page::{wrap, PageGeom};
use super::rng::Rng;
use super::traits::{
    Amount, Magnitude, Numbering, Template, TitleForm, TitleWrap, Traits, Typos, Zeros,
};

/// The spec, read from the same file the library reads (and parsed here, so
/// the truth does not depend on the library's own loader).
fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        serde_json::from_str(include_str!("../../schema/template.json")).expect("template.json")
    })
}

/// One row of a table of the spec.
#[derive(Debug, Clone)]
pub struct SpecRow {
    pub key: String,
    pub label: String,
    pub group: Option<String>,
    pub subgroup: Option<String>,
}

/// One table of the spec.
#[derive(Debug, Clone)]
pub struct SpecTable {
    pub key: String,
    pub caption: String,
    /// (key, label)
    pub columns: Vec<(String, String)>,
    pub rows: Vec<SpecRow>,
}

fn spec_table(version: &str, key: &str) -> SpecTable {
    let t = spec()["versions"][version]["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["key"] == key)
        .unwrap_or_else(|| panic!("{version} has no table {key}"));
    let s = |v: &Value| v.as_str().map(str::to_string);
    SpecTable {
        key: key.to_string(),
        caption: s(&t["caption"]).unwrap_or_default(),
        columns: t["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (s(&c["key"]).unwrap(), s(&c["label"]).unwrap()))
            .collect(),
        rows: t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| SpecRow {
                key: s(&r["key"]).unwrap(),
                label: s(&r["label"]).unwrap(),
                group: s(&r["group"]),
                subgroup: s(&r["subgroup"]),
            })
            .collect(),
    }
}

fn spec_table_keys(version: &str) -> Vec<String> {
    spec()["versions"][version]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap().to_string())
        .collect()
}

fn spec_headings(version: &str) -> Vec<String> {
    spec()["versions"][version]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["heading"].as_str().unwrap().to_string())
        .collect()
}

/// A cell as printed, with the value it must read as.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    pub text: String,
    pub truth: Option<f64>,
}

/// One row of a generated table.
#[derive(Debug, Clone)]
pub struct RowOut {
    pub key: String,
    /// The label as printed (numbering style, variants, typos applied).
    pub label: String,
    pub group: Option<String>,
    pub subgroup: Option<String>,
    pub cells: Vec<Printed>,
    /// The label has a character wrong.
    pub typo: bool,
}

/// One generated table.
#[derive(Debug, Clone)]
pub struct TableOut {
    pub key: String,
    pub caption: String,
    /// (key, label as printed)
    pub columns: Vec<(String, String)>,
    pub rows: Vec<RowOut>,
}

impl TableOut {
    pub fn row(&self, key: &str) -> &RowOut {
        self.rows
            .iter()
            .find(|r| r.key == key)
            .unwrap_or_else(|| panic!("{}: no row {key}", self.key))
    }
}

/// One truth cell: `tables.<table>.<row>.<column>`.
#[derive(Debug, Clone)]
pub struct TruthCell {
    pub table: String,
    pub row: String,
    pub column: String,
    pub truth: Option<f64>,
    pub printed: String,
    /// The row's label is printed with a typo.
    pub typo: bool,
}

/// A generated report: its words and its truth.
#[derive(Debug, Clone)]
pub struct Report {
    pub title_lines: Vec<String>,
    /// The title as printed, whitespace removed.
    pub title: String,
    pub agency: String,
    pub year: i32,
    /// `gb2019` or `gb2021`.
    pub template: &'static str,
    pub hybrid: bool,
    pub preamble: Vec<String>,
    /// The six headings as printed.
    pub headings: Vec<String>,
    /// Paragraphs of each section (index 0 = 一), tables excluded.
    pub sections: Vec<Vec<String>>,
    pub art20: Vec<TableOut>,
    pub applications: TableOut,
    pub review: TableOut,
    /// Prose naming table 三's figures (本年新收…件).
    pub near_applications: String,
    /// Prose naming table 四's figures (行政复议…件，行政诉讼…件).
    pub near_review: String,
    /// Signature lines (agency, date).
    pub closing: Vec<String>,
}

impl Report {
    /// Every cell of every table, in table order.
    pub fn truth_cells(&self) -> Vec<TruthCell> {
        let mut out = Vec::new();
        for t in self.art20.iter().chain([&self.applications, &self.review]) {
            for r in &t.rows {
                for ((c, _), p) in t.columns.iter().zip(&r.cells) {
                    out.push(TruthCell {
                        table: t.key.clone(),
                        row: r.key.clone(),
                        column: c.clone(),
                        truth: p.truth,
                        printed: p.text.clone(),
                        typo: r.typo,
                    });
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------------
// Names

const PROVINCES: &[&str] = &[
    "江苏省",
    "浙江省",
    "广东省",
    "湖南省",
    "四川省",
    "河南省",
    "山东省",
    "福建省",
    "宁夏回族自治区",
    "广西壮族自治区",
    "内蒙古自治区",
];
const CITIES: &[&str] = &[
    "淮安市",
    "湖州市",
    "株洲市",
    "绵阳市",
    "洛阳市",
    "泉州市",
    "固原市",
    "桂林市",
    "赤峰市",
    "潍坊市",
    "韶关市",
    "宜宾市",
    "黔东南苗族侗族自治州",
];
const COUNTIES: &[&str] = &[
    "洪泽区",
    "吴兴区",
    "荷塘区",
    "涪城区",
    "西工区",
    "丰泽区",
    "原州区",
    "秀峰区",
    "红山区",
    "寿光市",
    "乳源瑶族自治县",
    "长宁县",
    "平潭县",
    "沭阳县",
];
const TOWNS: &[&str] = &[
    "高良涧街道办事处",
    "东林街道办事处",
    "仙庾镇人民政府",
    "石塘镇人民政府",
    "城关镇人民政府",
    "龙门乡人民政府",
];
const BUREAUS: &[&str] = &[
    "人民政府",
    "人民政府办公室",
    "发展和改革委员会",
    "教育局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "医疗保障局",
    "城市管理综合行政执法局",
    "行政审批局",
    "退役军人事务局",
    "林业和草原局",
    "统计局",
    "民族宗教事务委员会",
];
const PROVINCE_DEPTS: &[&str] = &[
    "农业农村厅",
    "自然资源厅",
    "交通运输厅",
    "住房和城乡建设厅",
    "市场监督管理局",
    "人力资源和社会保障厅",
];

fn agency(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => format!("{}{}", rng.pick(CITIES), rng.pick(BUREAUS)),
        1 | 2 => format!(
            "{}{}{}",
            rng.pick(CITIES),
            rng.pick(COUNTIES),
            rng.pick(BUREAUS)
        ),
        3 => format!("{}{}", rng.pick(COUNTIES), rng.pick(TOWNS)),
        4 => format!("{}{}", rng.pick(PROVINCES), rng.pick(PROVINCE_DEPTS)),
        5 => format!(
            "国家税务总局{}{}税务局",
            rng.pick(CITIES),
            rng.pick(COUNTIES)
        ),
        _ => format!(
            "{}{}{}",
            rng.pick(PROVINCES),
            rng.pick(CITIES),
            rng.pick(BUREAUS)
        ),
    }
}

/// The title size a word processor wraps [`TitleWrap::Greedy`] titles at.
pub const TITLE_PT: f32 = 22.0;

/// Title lines for `traits`; their concatenation is the title.
fn title_lines(agency: &str, year: i32, form: TitleForm, how: TitleWrap) -> Vec<String> {
    let (head, phrase) = match form {
        TitleForm::AgencyYear => (format!("{agency}{year}年"), "政府信息公开工作年度报告"),
        TitleForm::AgencyYearDu => (format!("{agency}{year}年度"), "政府信息公开工作年度报告"),
        TitleForm::YearAgency => (format!("{year}年{agency}"), "政府信息公开工作年度报告"),
    };
    let full = format!("{head}{phrase}");
    let cut = |at: usize| -> Vec<String> {
        let chars: Vec<char> = full.chars().collect();
        vec![chars[..at].iter().collect(), chars[at..].iter().collect()]
    };
    let n = full.chars().count();
    match how {
        TitleWrap::OneLine => vec![full],
        TitleWrap::Greedy => wrap(&full, TITLE_PT, PageGeom::portrait().content_width()),
        TitleWrap::BeforeReport => cut(n - "年度报告".chars().count()),
        TitleWrap::MidWord => cut(n - "作年度报告".chars().count()),
        TitleWrap::AgencyLine => {
            let first = match form {
                TitleForm::YearAgency => format!("{year}年"),
                _ => agency.to_string(),
            };
            cut(first.chars().count())
        }
        TitleWrap::Three => {
            let (a, b) = match form {
                TitleForm::YearAgency => (format!("{year}年"), agency.to_string()),
                TitleForm::AgencyYearDu => (agency.to_string(), format!("{year}年度")),
                TitleForm::AgencyYear => (agency.to_string(), format!("{year}年")),
            };
            vec![a, format!("{b}政府信息公开工作"), "年度报告".to_string()]
        }
    }
}

// ---------------------------------------------------------------------
// Printing values

/// How one zero is printed under `zeros`.
fn zero(rng: &mut Rng, zeros: Zeros) -> Printed {
    let style = match zeros {
        Zeros::Mixed => rng.pick(&[
            Zeros::Digit,
            Zeros::Dash,
            Zeros::Slash,
            Zeros::EmDash,
            Zeros::Blank,
        ]),
        z => z,
    };
    let (text, truth) = match style {
        Zeros::Digit => ("0", Some(0.0)),
        Zeros::Dash => ("-", Some(0.0)),
        Zeros::Slash => ("/", Some(0.0)),
        Zeros::EmDash => ("—", Some(0.0)),
        Zeros::Blank | Zeros::Mixed => ("", None),
    };
    Printed {
        text: text.into(),
        truth,
    }
}

/// 1234567 → "1,234,567".
fn grouped(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Printer<'a> {
    rng: &'a mut Rng,
    traits: &'a Traits,
}

impl Printer<'_> {
    fn count(&mut self, v: i64) -> Printed {
        if v == 0 {
            return zero(self.rng, self.traits.zeros);
        }
        let text = if v < 0 {
            format!("-{}", -v)
        } else if v >= 1000 && self.traits.magnitude == Magnitude::Thousands {
            grouped(v as u64)
        } else {
            v.to_string()
        };
        Printed {
            text,
            truth: Some(v as f64),
        }
    }

    /// An amount of `yuan` in a 万元 column.
    fn amount(&mut self, yuan: i64) -> Printed {
        if yuan == 0 {
            return zero(self.rng, self.traits.zeros);
        }
        let wan = yuan as f64 / 10000.0;
        let int = yuan / 10000;
        let frac = format!("{:04}", yuan % 10000);
        let frac = frac.trim_end_matches('0');
        let int_text = if self.traits.magnitude == Magnitude::Thousands {
            grouped(int as u64)
        } else {
            int.to_string()
        };
        let wan_text = if frac.is_empty() {
            int_text
        } else {
            format!("{int_text}.{frac}")
        };
        let text = match self.traits.amount {
            Amount::Wan => wan_text,
            Amount::WanUnit => format!("{wan_text}万元"),
            Amount::Yuan => {
                if self.traits.magnitude == Magnitude::Small {
                    format!("{yuan}元")
                } else {
                    format!("{}元", grouped(yuan as u64))
                }
            }
        };
        Printed {
            text,
            truth: Some(wan),
        }
    }
}

/// A count: zero with probability `p_zero`, else up to `max`.
fn draw(rng: &mut Rng, p_zero: f64, max: i64) -> i64 {
    if rng.chance(p_zero) {
        0
    } else {
        rng.range(1, max.max(1))
    }
}

// ---------------------------------------------------------------------
// Labels

const TYPO_POOL: &[char] = &[
    '的', '一', '是', '在', '不', '了', '有', '和', '人', '这', '中', '大', '为', '上', '个', '国',
    '以', '要', '时', '来', '用', '们', '生', '到', '作', '地', '于', '出', '就', '分', '对', '成',
    '会', '可', '主', '发', '动', '同', '工', '也', '能', '下', '过', '产', '种', '面', '而', '方',
    '后', '多', '定', '行', '学', '法', '所', '民', '得', '经',
];

/// The label with one ideograph after its numbering replaced.
fn typo(rng: &mut Rng, label: &str) -> String {
    let chars: Vec<char> = label.chars().collect();
    let start = chars
        .iter()
        .position(|c| matches!(c, '.' | '、' | '．' | '）'))
        .map_or(0, |i| i + 1);
    let spots: Vec<usize> = (start..chars.len())
        .filter(|&i| ('\u{4E00}'..='\u{9FFF}').contains(&chars[i]))
        .collect();
    if spots.is_empty() {
        return label.to_string();
    }
    let at = spots[rng.below(spots.len())];
    let mut out = chars.clone();
    loop {
        let c = rng.pick(TYPO_POOL);
        if c != chars[at] {
            out[at] = c;
            break;
        }
    }
    out.into_iter().collect()
}

fn numbered(label: &str, numbering: Numbering) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(d), Some('.')) if d.is_ascii_digit() => {
            let sep = match numbering {
                Numbering::Dot => ".",
                Numbering::Dunhao => "、",
                Numbering::FullStop => "．",
            };
            format!("{d}{sep}{}", chars.as_str())
        }
        _ => label.to_string(),
    }
}

fn table_out(spec: &SpecTable, values: &[Vec<Printed>]) -> TableOut {
    TableOut {
        key: spec.key.clone(),
        caption: spec.caption.clone(),
        columns: spec.columns.clone(),
        rows: spec
            .rows
            .iter()
            .zip(values)
            .map(|(r, v)| RowOut {
                key: r.key.clone(),
                label: r.label.clone(),
                group: r.group.clone(),
                subgroup: r.subgroup.clone(),
                cells: v.clone(),
                typo: false,
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------
// Tables

fn art20_tables(rng: &mut Rng, t: &Traits, version: &str) -> Vec<TableOut> {
    let big = t.magnitude != Magnitude::Small;
    let keys: Vec<String> = spec_table_keys(version)
        .into_iter()
        .filter(|k| k.starts_with("art20"))
        .collect();
    let mut out = Vec::new();
    for key in keys {
        let spec = spec_table(version, &key);
        let mut p = Printer { rng, traits: t };
        let mut rows = Vec::new();
        for r in &spec.rows {
            let mut cells = Vec::new();
            let decisions_max = match (r.key.as_str(), big) {
                ("admin_penalty", true) => 25000,
                ("admin_license", true) => 60000,
                (_, true) => 3000,
                ("admin_coercion", false) => 40,
                _ => 600,
            };
            let mut prev = 0;
            for (c, _) in &spec.columns {
                let printed = match c.as_str() {
                    "procurement_amount" => {
                        let yuan = if p.rng.chance(0.2) {
                            0
                        } else {
                            p.rng.range(1, if big { 300_000_000 } else { 2_000_000 })
                        };
                        p.amount(yuan)
                    }
                    "fee_amount" => {
                        let yuan = if p.rng.chance(0.4) {
                            0
                        } else {
                            p.rng.range(1, if big { 50_000_000 } else { 500_000 }) / 100 * 100
                        };
                        p.amount(yuan)
                    }
                    "prev_year_items" => {
                        prev = draw(p.rng, 0.3, if big { 2000 } else { 60 });
                        p.count(prev)
                    }
                    "change" => {
                        let v = if p.rng.chance(0.5) {
                            0
                        } else {
                            p.rng.range(-(prev.min(5)), 8)
                        };
                        p.count(v)
                    }
                    "decisions" => {
                        let v = draw(p.rng, 0.25, decisions_max);
                        p.count(v)
                    }
                    "in_force" | "total_published" => {
                        let v = draw(p.rng, 0.3, if big { 1500 } else { 90 });
                        p.count(v)
                    }
                    "procurement_items" => {
                        let v = draw(p.rng, 0.3, if big { 1200 } else { 20 });
                        p.count(v)
                    }
                    _ => {
                        let v = draw(p.rng, 0.5, if big { 1100 } else { 12 });
                        p.count(v)
                    }
                };
                cells.push(printed);
            }
            rows.push(cells);
        }
        out.push(table_out(&spec, &rows));
    }
    out
}

/// Table 三: consistent figures (each column balances, 总计 adds up).
fn applications(rng: &mut Rng, t: &Traits, version: &str) -> TableOut {
    let mut spec = spec_table(version, "applications");
    if t.template == Template::Hybrid {
        // The 2019 single （六）其他处理 row in place of the three 2021 sub-rows.
        let single = spec_table("gb2019", "applications")
            .rows
            .into_iter()
            .find(|r| r.key == "other_handling")
            .expect("other_handling");
        let first = spec
            .rows
            .iter()
            .position(|r| r.key.starts_with("other_"))
            .unwrap();
        spec.rows.retain(|r| !r.key.starts_with("other_"));
        spec.rows.insert(first, single);
    }
    let big = t.magnitude != Magnitude::Small;
    let n_app = spec.columns.len() - 1; // the last column is 总计
                                        // Applicant columns that are zero throughout: with blank zeros, no row
                                        // of the table is complete.
    let mut empty_cols = vec![false; n_app];
    if t.zeros == Zeros::Blank || rng.chance(0.3) {
        let k = rng.range(1, 4) as usize;
        for _ in 0..k {
            empty_cols[1 + rng.below(n_app - 1)] = true;
        }
    }
    let result_rows: Vec<usize> = spec
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.group.is_some() && r.key != "results_total")
        .map(|(i, _)| i)
        .collect();
    let idx = |k: &str| spec.rows.iter().position(|r| r.key == k).unwrap();
    let mut grid = vec![vec![0i64; n_app]; spec.rows.len()];
    for (c, &empty) in empty_cols.iter().enumerate() {
        if empty {
            continue;
        }
        let scale = match (c, big) {
            (0, true) => 900,
            (0, false) => 25,
            (1, true) => 120,
            (_, true) => 20,
            _ => 4,
        };
        let p_zero = if c == 0 { 0.45 } else { 0.8 };
        for &r in &result_rows {
            let key = spec.rows[r].key.as_str();
            let s = match key {
                "granted" => scale * 2,
                "partially_granted" | "unable_not_held" => scale,
                _ => (scale / 4).max(1),
            };
            grid[r][c] = draw(
                rng,
                if key == "granted" {
                    p_zero / 2.0
                } else {
                    p_zero
                },
                s,
            );
        }
        let results: i64 = result_rows.iter().map(|&r| grid[r][c]).sum();
        let fwd = draw(rng, 0.6, (scale / 5).max(2));
        let over = if rng.chance(0.6) {
            0
        } else {
            rng.range(0, (results + fwd).min((scale / 3).max(2)))
        };
        grid[idx("results_total")][c] = results;
        grid[idx("carried_forward")][c] = fwd;
        grid[idx("carried_over")][c] = over;
        grid[idx("new_received")][c] = results + fwd - over;
    }
    let mut p = Printer { rng, traits: t };
    let values: Vec<Vec<Printed>> = grid
        .iter()
        .map(|row| {
            let total: i64 = row.iter().sum();
            row.iter()
                .chain(std::iter::once(&total))
                .map(|&v| p.count(v))
                .collect()
        })
        .collect();
    let mut table = table_out(&spec, &values);
    let numbering = t.numbering;
    for r in &mut table.rows {
        r.label = numbered(&r.label, numbering);
        if r.key == "partially_granted" && rng.chance(0.3) {
            r.label = r.label.replace("区分处理", "区别处理");
        }
    }
    table
}

fn review(rng: &mut Rng, t: &Traits, version: &str) -> TableOut {
    let spec = spec_table(version, "review_litigation");
    let big = t.magnitude != Magnitude::Small;
    let mut p = Printer { rng, traits: t };
    let values: Vec<Vec<Printed>> = spec
        .rows
        .iter()
        .map(|r| {
            let max = match (r.key.as_str(), big) {
                ("review", true) => 60,
                (_, true) => 25,
                ("review", false) => 6,
                _ => 3,
            };
            let parts: Vec<i64> = (0..4).map(|_| draw(p.rng, 0.6, max)).collect();
            let total: i64 = parts.iter().sum();
            parts
                .iter()
                .chain(std::iter::once(&total))
                .map(|&v| p.count(v))
                .collect()
        })
        .collect();
    table_out(&spec, &values)
}

/// Replaces one character in one or two long row labels (never two in
/// the same label).
fn apply_typos(rng: &mut Rng, report: &mut Report) {
    let n = rng.range(1, 2);
    let mut done: Vec<(String, String)> = Vec::new();
    for _ in 0..n {
        let long = |r: &RowOut| {
            r.label
                .chars()
                .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .count()
                >= 6
        };
        let in_apps = rng.chance(0.75);
        let table = if in_apps {
            &mut report.applications
        } else {
            let i = rng.below(report.art20.len());
            &mut report.art20[i]
        };
        let spots: Vec<usize> = (0..table.rows.len())
            .filter(|&i| long(&table.rows[i]))
            .filter(|&i| !done.contains(&(table.key.clone(), table.rows[i].key.clone())))
            .collect();
        if spots.is_empty() {
            continue;
        }
        let i = spots[rng.below(spots.len())];
        table.rows[i].label = typo(rng, &table.rows[i].label);
        table.rows[i].typo = true;
        done.push((table.key.clone(), table.rows[i].key.clone()));
    }
}

// ---------------------------------------------------------------------
// Prose

fn value(p: &Printed) -> i64 {
    p.truth.unwrap_or(0.0) as i64
}

fn sections(rng: &mut Rng, agency: &str, year: i32, received: i64, over: i64) -> Vec<Vec<String>> {
    let who = if rng.chance(0.5) { "本机关" } else { agency };
    let items = rng.range(300, 4800);
    let trainings = rng.range(1, 9);
    let mut s1 = vec![format!(
        "{year}年，{who}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，不断完善政府信息公开制度，推动政府信息公开工作规范有序开展。"
    )];
    s1.push(format!(
        "（一）主动公开情况。通过政府门户网站、政务新媒体等渠道主动公开政府信息{items}条，重点公开政策文件、行政执法、财政预决算等信息。"
    ));
    s1.push(format!(
        "（二）依申请公开情况。全年共收到政府信息公开申请{received}件，上年结转政府信息公开申请{over}件。进一步规范依申请公开受理、登记、办理、答复等环节，所有申请均在法定期限内答复。"
    ));
    s1.push("（三）政府信息管理情况。严格落实信息发布审核制度，坚持“先审后发”，对公开内容进行保密审查，及时清理过期失效信息。".to_string());
    s1.push("（四）政府信息公开平台建设情况。持续加强政府网站信息公开专栏建设，及时更新栏目内容，做好政务新媒体日常运维。".to_string());
    s1.push(format!(
        "（五）监督保障情况。将政府信息公开工作纳入年度考核，全年组织开展业务培训{trainings}次，未发生因政府信息公开工作被追究责任的情况。"
    ));
    let s2 = Vec::new();
    let s3 = Vec::new();
    let s4 = Vec::new();
    let s5 = vec![
        "（一）存在的主要问题。一是部分栏目信息更新不够及时；二是政策解读形式较为单一，解读质量有待提升；三是工作人员业务能力有待进一步加强。".to_string(),
        format!("（二）改进情况。{}年，本机关将进一步规范信息发布流程，丰富图表、视频等解读形式，加强业务培训，提升政府信息公开工作质量。", year + 1),
    ];
    let s6 = vec![if rng.chance(0.5) {
        "本年度未收取信息处理费。无其他需要报告的事项。".to_string()
    } else {
        format!("依据《政府信息公开信息处理费管理办法》，{year}年本机关未收取信息处理费。")
    }];
    vec![s1, s2, s3, s4, s5, s6]
}

/// Builds the report for `traits` from `rng`.
pub fn report(rng: &mut Rng, t: &Traits) -> Report {
    let version = match t.template {
        Template::Gb2019 => "gb2019",
        _ => "gb2021",
    };
    let agency = agency(rng);
    let year = t.year;
    let title_lines = title_lines(&agency, year, t.title_form, t.title_wrap);
    let title: String = title_lines.concat();
    let preamble = vec![format!(
        "本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告电子版可在本机关门户网站查阅或下载。如对本报告有疑问，请与本机关办公室联系（电话：0517-87222589）。"
    )];
    let mut headings = spec_headings(version);
    if rng.chance(0.3) {
        headings[3] = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况".into();
    }
    if rng.chance(0.3) {
        headings[4] = "五、存在的主要问题和改进情况".into();
    }
    let art20 = art20_tables(rng, t, version);
    let applications = applications(rng, t, version);
    let review = review(rng, t, version);
    let apps = &applications;
    let new_total = value(&apps.row("new_received").cells[apps.columns.len() - 1]);
    let over_total = value(&apps.row("carried_over").cells[apps.columns.len() - 1]);
    let sections = sections(rng, &agency, year, new_total, over_total);
    // Lead-ins of varying length move the line breaks of the sentences
    // that name the figures (a line may start with a figure).
    let lead_ins = [
        "",
        "经统计，",
        "截至12月31日，",
        "从办理情况看，",
        "总体上，",
    ];
    let lead = rng.pick(&lead_ins);
    let near_applications = if rng.chance(0.5) {
        format!(
            "{year}年，本机关本年新收政府信息公开申请{new_total}件，上年结转政府信息公开申请{over_total}件。"
        )
    } else {
        format!("{lead}本年新收政府信息公开申请{new_total}件，均已按时办结或依法延期答复。")
    };
    let total = |k: &str| value(&review.row(k).cells[4]);
    let n_review = total("review");
    let n_lit = total("litigation_direct") + total("litigation_after_review");
    let lead = rng.pick(&lead_ins);
    let near_review = if rng.chance(0.5) {
        format!("{lead}全年涉及政府信息公开的行政复议案件{n_review}件，行政诉讼案件{n_lit}件。")
    } else {
        format!(
            "{year}年，本机关因政府信息公开工作被申请行政复议{n_review}件，被提起行政诉讼{n_lit}件。"
        )
    };
    let closing = vec![
        agency.clone(),
        format!("{}年{}月{}日", year + 1, rng.range(1, 3), rng.range(1, 28)),
    ];
    let mut report = Report {
        title_lines,
        title,
        agency,
        year,
        template: version,
        hybrid: t.template == Template::Hybrid,
        preamble,
        headings,
        sections,
        art20,
        applications,
        review,
        near_applications,
        near_review,
        closing,
    };
    if t.typos == Typos::OneChar {
        apply_typos(rng, &mut report);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(1234), "1,234");
        assert_eq!(grouped(77302800), "77,302,800");
    }
}
