//! The traits a generated report is built from, drawn from a seed.
//!
//! Each dimension is an enum of real forms seen in published reports. A
//! [`Profile`] lists the values each dimension may take, so one seed list can
//! be run over every combination ([`Profile::full`]) or over the forms the
//! library reads today ([`Profile::passing`]).

use super::rng::Rng;

/// One dimension of variation: its values and their printed names.
pub trait Choice: Copy + PartialEq + 'static {
    /// The dimension's name in summaries.
    const DIM: &'static str;
    /// Every value.
    const ALL: &'static [Self];
    /// The value's name in summaries.
    fn name(self) -> &'static str;
}

macro_rules! choice {
    ($(#[$m:meta])* $t:ident, $dim:literal, { $($(#[$vm:meta])* $v:ident => $n:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $t { $($(#[$vm])* $v),+ }
        impl Choice for $t {
            const DIM: &'static str = $dim;
            const ALL: &'static [Self] = &[$($t::$v),+];
            fn name(self) -> &'static str {
                match self { $($t::$v => $n),+ }
            }
        }
    };
}

choice!(
    /// The national format the tables follow.
    Template, "template", {
        /// 国办公开办函〔2019〕60号, years 2019–2020.
        Gb2019 => "gb2019",
        /// 国办公开办函〔2021〕30号, years 2021–2025.
        Gb2021 => "gb2021",
        /// gb2021 whose （六）其他处理 is one row (`other_handling`).
        Hybrid => "gb2021-hybrid",
    }
);

choice!(
    /// How the title is worded.
    TitleForm, "title-form", {
        /// 某局2023年政府信息公开工作年度报告
        AgencyYear => "agency-year",
        /// 某局2023年度政府信息公开工作年度报告
        AgencyYearDu => "agency-year-du",
        /// 2023年某局政府信息公开工作年度报告
        YearAgency => "year-agency",
    }
);

choice!(
    /// Where the title wraps.
    TitleWrap, "title-wrap", {
        /// One line (the font shrinks to fit).
        OneLine => "one-line",
        /// …政府信息公开工作 / 年度报告
        BeforeReport => "two:工作|年度报告",
        /// …政府信息公开工 / 作年度报告
        MidWord => "two:工|作年度报告",
        /// The agency (or the year) on a line of its own.
        AgencyLine => "two:agency|rest",
        /// agency / 2023年政府信息公开工作 / 年度报告
        Three => "three-lines",
        /// Wrapped by the word processor at 22 pt wherever the line is
        /// full, inside the agency name too.
        Greedy => "greedy-22pt",
    }
);

choice!(
    /// How tables are ruled.
    Ruling, "ruling", {
        /// Every cell boxed.
        Grid => "grid",
        /// No rules at all.
        Unruled => "unruled",
        /// 三线表: top, below the header, bottom.
        ThreeLine => "three-line",
    }
);

choice!(
    /// How a ruling line is painted.
    Stroke, "stroke", {
        /// A stroked path: a box with one side zero.
        Line => "line",
        /// A thin filled rectangle.
        Rect => "rect",
    }
);

choice!(
    /// How a zero is printed.
    Zeros, "zeros", {
        Digit => "0",
        Dash => "-",
        Slash => "/",
        EmDash => "—",
        /// Left blank (the truth is null); in table 三 some applicant
        /// columns are zero throughout, so no row is complete.
        Blank => "blank",
        /// Each zero drawn from all of the above.
        Mixed => "mixed",
    }
);

choice!(
    /// The size of the figures and how large ones are printed.
    Magnitude, "magnitude", {
        /// Small counts.
        Small => "small",
        /// Counts in the thousands printed with separators (1,234).
        Thousands => "thousands-sep",
        /// Counts in the thousands printed without separators.
        BigPlain => "big-plain",
    }
);

choice!(
    /// How amounts (万元 columns) are printed.
    Amount, "amount", {
        /// "7730.28" in the 万元 column.
        Wan => "wan",
        /// "7730.28万元".
        WanUnit => "wan-unit",
        /// "77,302,800元" in the 万元 column (converted: 7730.28).
        Yuan => "yuan",
    }
);

choice!(
    /// The shape of table 四 (review_litigation).
    Review, "t4", {
        /// One row of 15 cells under 行政复议 / 行政诉讼 → 未经复议直接起诉, 复议后起诉 → outcomes.
        Row3Level => "15-cells-3-level",
        /// One row of 15 cells under 行政复议, 未经复议直接起诉, 复议后起诉 → outcomes.
        Row2Level => "15-cells-2-level",
        /// Three rows of 5 cells (行政复议, 行政诉讼 → 未经复议直接起诉, 复议后起诉).
        ThreeRows => "3x5-rows",
        /// Three small tables, each with its own caption and header.
        ThreeTables => "3-tables",
        /// Outcomes as rows, the three case kinds as columns.
        Transposed => "transposed",
    }
);

choice!(
    /// Whether table 三 breaks across pages.
    T3Split, "t3-split", {
        /// Kept on one page.
        OnePage => "one-page",
        /// Broken across pages, header printed once.
        Split => "split",
        /// Broken across pages, header repeated on the next page.
        SplitRepeat => "split-repeat-header",
        /// Broken across pages inside a row: the row's first label lines and
        /// its values end one page, its last label lines open the next
        /// (header repeated, as word processors set tables).
        SplitInRow => "split-inside-row",
    }
);

choice!(
    /// How the group label 三、本年度办理结果 is printed.
    GroupLabel, "group-label", {
        /// Horizontal text in a label column wide enough for a few characters a line.
        Horizontal => "horizontal",
        /// One horizontal character per line in a narrow column.
        Stacked => "stacked",
        /// A vertical font (Identity-V): `vertical` glyphs in a narrow column.
        VerticalFont => "vertical-font",
        /// One label column; group and subgroup labels are rows of their own.
        Flat => "flat",
    }
);

choice!(
    /// Width of the label columns.
    LabelWidth, "label-width", {
        /// Narrow: long labels wrap over two or three lines.
        Narrow => "narrow",
        /// Wide: labels fit on one line.
        Wide => "wide",
    }
);

choice!(
    /// Vertical placement of text in a cell.
    VAlign, "valign", {
        /// Centred: beside a wrapped label the values stand on a line of their own.
        Center => "center",
        /// Top, as Word does by default.
        Top => "top",
    }
);

choice!(
    /// Page orientation of the table pages.
    Orientation, "table-pages", {
        Portrait => "portrait",
        /// Tables 三 and 四 on landscape pages (width > height).
        Landscape => "landscape",
    }
);

choice!(
    /// Row labels with one character wrong.
    Typos, "typos", {
        None => "none",
        /// One or two long row labels with one character replaced.
        OneChar => "one-char",
    }
);

choice!(
    /// How sub-rows are numbered.
    Numbering, "numbering", {
        /// 1.属于国家秘密
        Dot => "1.",
        /// 1、属于国家秘密
        Dunhao => "1、",
        /// 1．属于国家秘密
        FullStop => "1．",
    }
);

choice!(
    /// The page number in the footer.
    PageNumbers, "page-numbers", {
        None => "none",
        /// - 3 -
        Dashed => "- 3 -",
        /// — 3 —
        EmDashed => "— 3 —",
        /// 第3页
        Di => "第3页",
    }
);

choice!(
    /// Prose that names the tables' figures, printed next to the tables.
    ProseNear, "prose-near-tables", {
        None => "none",
        /// Before table 三 and table 四.
        Before => "before",
        /// After table 三 and table 四.
        After => "after",
    }
);

choice!(
    /// How the 第二十条 tables are laid out.
    Art20, "art20", {
        /// One table; each item a caption row, a header row and its rows.
        Combined => "combined",
        /// One small table per item, its caption above it.
        Separate => "separate",
    }
);

choice!(
    /// Body text size.
    Body, "body", {
        /// 12 pt, 1.5 lines.
        Small => "12pt",
        /// 16 pt 仿宋 with 28 pt leading, as 公文 are set.
        Gongwen => "16pt",
    }
);

choice!(
    /// Table text size.
    TableSize, "table-size", {
        Pt9 => "9pt",
        Pt10 => "10.5pt",
        Pt12 => "12pt",
    }
);

/// The values each dimension may take.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: &'static str,
    pub templates: Vec<Template>,
    pub title_forms: Vec<TitleForm>,
    pub title_wraps: Vec<TitleWrap>,
    pub rulings: Vec<Ruling>,
    pub strokes: Vec<Stroke>,
    pub zeros: Vec<Zeros>,
    pub magnitudes: Vec<Magnitude>,
    pub amounts: Vec<Amount>,
    pub reviews: Vec<Review>,
    pub splits: Vec<T3Split>,
    pub group_labels: Vec<GroupLabel>,
    pub label_widths: Vec<LabelWidth>,
    pub valigns: Vec<VAlign>,
    pub orientations: Vec<Orientation>,
    pub typos: Vec<Typos>,
    pub numberings: Vec<Numbering>,
    pub page_numbers: Vec<PageNumbers>,
    pub prose_near: Vec<ProseNear>,
    pub art20: Vec<Art20>,
    pub bodies: Vec<Body>,
    pub table_sizes: Vec<TableSize>,
}

impl Profile {
    /// Every value of every dimension.
    pub fn full() -> Profile {
        Profile {
            name: "full",
            templates: Template::ALL.to_vec(),
            title_forms: TitleForm::ALL.to_vec(),
            title_wraps: TitleWrap::ALL.to_vec(),
            rulings: Ruling::ALL.to_vec(),
            strokes: Stroke::ALL.to_vec(),
            zeros: Zeros::ALL.to_vec(),
            magnitudes: Magnitude::ALL.to_vec(),
            amounts: Amount::ALL.to_vec(),
            reviews: Review::ALL.to_vec(),
            splits: T3Split::ALL.to_vec(),
            group_labels: GroupLabel::ALL.to_vec(),
            label_widths: LabelWidth::ALL.to_vec(),
            valigns: VAlign::ALL.to_vec(),
            orientations: Orientation::ALL.to_vec(),
            typos: Typos::ALL.to_vec(),
            numberings: Numbering::ALL.to_vec(),
            page_numbers: PageNumbers::ALL.to_vec(),
            prose_near: ProseNear::ALL.to_vec(),
            art20: Art20::ALL.to_vec(),
            bodies: Body::ALL.to_vec(),
            table_sizes: TableSize::ALL.to_vec(),
        }
    }
}

impl Profile {
    /// This profile without the values named `dim=value` (as in the
    /// summaries, e.g. `ruling=unruled`, `t4=transposed`).
    pub fn excluding(mut self, name: &'static str, excluded: &[&str]) -> Profile {
        for e in excluded {
            let (dim, value) = e
                .split_once('=')
                .unwrap_or_else(|| panic!("{e:?}: expected dimension=value"));
            assert!(self.drop_value(dim, value), "{e:?}: no such trait");
        }
        self.name = name;
        self
    }

    fn drop_value(&mut self, dim: &str, value: &str) -> bool {
        fn drop<T: Choice>(xs: &mut Vec<T>, dim: &str, value: &str) -> bool {
            if dim != T::DIM || !T::ALL.iter().any(|v| v.name() == value) {
                return false;
            }
            xs.retain(|v| v.name() != value);
            true
        }
        drop(&mut self.templates, dim, value)
            || drop(&mut self.title_forms, dim, value)
            || drop(&mut self.title_wraps, dim, value)
            || drop(&mut self.rulings, dim, value)
            || drop(&mut self.strokes, dim, value)
            || drop(&mut self.zeros, dim, value)
            || drop(&mut self.magnitudes, dim, value)
            || drop(&mut self.amounts, dim, value)
            || drop(&mut self.reviews, dim, value)
            || drop(&mut self.splits, dim, value)
            || drop(&mut self.group_labels, dim, value)
            || drop(&mut self.label_widths, dim, value)
            || drop(&mut self.valigns, dim, value)
            || drop(&mut self.orientations, dim, value)
            || drop(&mut self.typos, dim, value)
            || drop(&mut self.numberings, dim, value)
            || drop(&mut self.page_numbers, dim, value)
            || drop(&mut self.prose_near, dim, value)
            || drop(&mut self.art20, dim, value)
            || drop(&mut self.bodies, dim, value)
            || drop(&mut self.table_sizes, dim, value)
    }
}

/// The traits of one generated report.
#[derive(Debug, Clone)]
pub struct Traits {
    pub template: Template,
    pub year: i32,
    pub title_form: TitleForm,
    pub title_wrap: TitleWrap,
    pub ruling: Ruling,
    pub stroke: Stroke,
    pub zeros: Zeros,
    pub magnitude: Magnitude,
    pub amount: Amount,
    pub review: Review,
    pub split: T3Split,
    pub group_label: GroupLabel,
    pub label_width: LabelWidth,
    pub valign: VAlign,
    pub orientation: Orientation,
    pub typos: Typos,
    pub numbering: Numbering,
    pub page_numbers: PageNumbers,
    pub prose_near: ProseNear,
    pub art20: Art20,
    pub body: Body,
    pub table_size: TableSize,
}

impl Traits {
    /// Draws the traits of one report from `rng`, within `profile`.
    pub fn draw(rng: &mut Rng, profile: &Profile) -> Traits {
        fn one<T: Choice>(rng: &mut Rng, xs: &[T]) -> T {
            assert!(!xs.is_empty(), "profile allows no value of {}", T::DIM);
            rng.pick(xs)
        }
        let template = one(rng, &profile.templates);
        let year = match template {
            Template::Gb2019 => rng.range(2019, 2020),
            Template::Gb2021 => rng.range(2021, 2025),
            Template::Hybrid => rng.range(2022, 2024),
        } as i32;
        Traits {
            template,
            year,
            title_form: one(rng, &profile.title_forms),
            title_wrap: one(rng, &profile.title_wraps),
            ruling: one(rng, &profile.rulings),
            stroke: one(rng, &profile.strokes),
            zeros: one(rng, &profile.zeros),
            magnitude: one(rng, &profile.magnitudes),
            amount: one(rng, &profile.amounts),
            review: one(rng, &profile.reviews),
            split: one(rng, &profile.splits),
            group_label: one(rng, &profile.group_labels),
            label_width: one(rng, &profile.label_widths),
            valign: one(rng, &profile.valigns),
            orientation: one(rng, &profile.orientations),
            typos: one(rng, &profile.typos),
            numbering: one(rng, &profile.numberings),
            page_numbers: one(rng, &profile.page_numbers),
            prose_near: one(rng, &profile.prose_near),
            art20: one(rng, &profile.art20),
            body: one(rng, &profile.bodies),
            table_size: one(rng, &profile.table_sizes),
        }
    }

    /// `dimension=value` for every dimension, for summaries.
    pub fn labels(&self) -> Vec<(&'static str, &'static str)> {
        fn l<T: Choice>(v: T) -> (&'static str, &'static str) {
            (T::DIM, v.name())
        }
        vec![
            l(self.template),
            l(self.title_form),
            l(self.title_wrap),
            l(self.ruling),
            l(self.stroke),
            l(self.zeros),
            l(self.magnitude),
            l(self.amount),
            l(self.review),
            l(self.split),
            l(self.group_label),
            l(self.label_width),
            l(self.valign),
            l(self.orientation),
            l(self.typos),
            l(self.numbering),
            l(self.page_numbers),
            l(self.prose_near),
            l(self.art20),
            l(self.body),
            l(self.table_size),
        ]
    }

    /// One line: `year template … dim=value …`.
    pub fn describe(&self) -> String {
        let mut s = format!("year={}", self.year);
        for (d, v) in self.labels() {
            s.push(' ');
            s.push_str(d);
            s.push('=');
            s.push_str(v);
        }
        s
    }
}
