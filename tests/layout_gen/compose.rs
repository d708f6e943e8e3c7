//! One generated report, laid out: title, preamble, the six sections with
//! their prose and tables, in the order and with the page furniture of a
//! published report.

use xxgk::layout::Page;

use super::content::{self, Report};
use super::forms;
use super::page::{text_width, Align, Flow, PageGeom};
use super::rng::Rng;
use super::table::{Rendered, Style, Table};
use super::traits::{
    Art20, Body, Orientation, Profile, ProseNear, Review, T3Split, TableSize, TitleWrap, Traits,
};

/// A generated report: traits, content and truth, pages, and what the
/// layout turned out to be (tags such as whether table 三 broke).
pub struct Generated {
    pub seed: u64,
    pub traits: Traits,
    pub report: Report,
    pub pages: Vec<Page>,
    pub observed: Vec<(&'static str, &'static str)>,
}

/// Filler for section 三 when table 三 must start low on a page.
const FILLER: &[&str] = &[
    "本机关严格按照《条例》规定的程序和时限办理政府信息公开申请，对申请内容不明确的，及时告知申请人作出补正，并说明需要补正的事项和合理的补正期限。",
    "对涉及第三方合法权益的申请，依法书面征求第三方意见；对属于不予公开范围的，告知申请人不予公开并说明理由，确保答复内容准确、程序规范。",
    "办理过程中，注重加强与申请人的沟通，耐心解释相关政策，切实保障申请人的合法权益。",
];

/// Builds report `seed` within `profile`.
pub fn generate(seed: u64, profile: &Profile) -> Generated {
    let mut trng = Rng::new(seed, 1);
    let traits = Traits::draw(&mut trng, profile);
    let mut crng = Rng::new(seed, 2);
    let report = content::report(&mut crng, &traits);
    let mut lrng = Rng::new(seed, 3);
    let (pages, observed) = lay_out(&mut lrng, &traits, &report);
    Generated {
        seed,
        traits,
        report,
        pages,
        observed,
    }
}

struct Setter<'a> {
    t: &'a Traits,
    flow: Flow,
    body: f32,
    leading: f32,
}

impl Setter<'_> {
    fn para(&mut self, text: &str) {
        self.flow.paragraph(text, self.body, self.leading, 2.0);
    }

    fn table_style(&self) -> Style {
        let size = match self.t.table_size {
            TableSize::Pt9 => 9.0,
            TableSize::Pt10 => 10.5,
            TableSize::Pt12 => 12.0,
        };
        sized_style(self.t, size)
    }

    fn table(&mut self, t: &Table, style: &Style) -> Rendered {
        self.flow.space(4.0);
        let r = t.render(&mut self.flow, style);
        self.flow.space(6.0);
        r
    }

    fn heading(&mut self, text: &str) {
        // A heading does not stand alone at the foot of a page.
        self.flow.ensure(3.0 * self.leading);
        self.para(text);
    }
}

/// Table text of `size` points with Word's cell padding.
fn sized_style(t: &Traits, size: f32) -> Style {
    let vpad = 2.0;
    let line_h = (size * 1.2_f32).round();
    Style {
        ruling: t.ruling,
        size,
        pad: 5.0,
        vpad,
        line_h,
        valign: t.valign,
        repeat_header: false,
        keep_together: false,
        split_rows: false,
        min_row_h: line_h + 2.0 * vpad,
    }
}

fn lay_out(
    rng: &mut Rng,
    t: &Traits,
    report: &Report,
) -> (Vec<Page>, Vec<(&'static str, &'static str)>) {
    let (body, leading) = match t.body {
        Body::Small => (12.0, 18.0),
        Body::Gongwen => (16.0, 28.0),
    };
    let mut s = Setter {
        t,
        flow: Flow::new(PageGeom::portrait(), t.stroke),
        body,
        leading,
    };
    let mut observed = Vec::new();

    // Title: centred, shrunk until its longest line fits.
    let width = s.flow.geom.content_width();
    let mut size: f32 = if t.title_wrap == TitleWrap::Greedy {
        content::TITLE_PT
    } else {
        rng.pick(&[22.0, 20.0, 18.0])
    };
    while report
        .title_lines
        .iter()
        .any(|l| text_width(l, size) > width)
    {
        size -= 1.0;
    }
    s.flow.space(rng.float(0.0, 30.0));
    for l in &report.title_lines {
        s.flow.line(l, size, size * 1.6, Align::Center);
    }
    s.flow.space(leading);
    for p in &report.preamble {
        s.para(p);
    }

    // 一、总体情况
    s.heading(&report.headings[0]);
    for p in &report.sections[0] {
        s.para(p);
    }

    // 二、主动公开政府信息情况
    s.heading(&report.headings[1]);
    let style = s.table_style();
    let width = s.flow.geom.content_width();
    match t.art20 {
        Art20::Combined => {
            let tb = forms::art20_combined(&report.art20, width, style.size, style.pad);
            s.table(&tb, &style);
        }
        Art20::Separate => {
            for a in &report.art20 {
                s.flow.ensure(4.0 * leading);
                s.flow.line(&a.caption, body, leading, Align::Left);
                let tb = forms::art20_separate(a, width, style.size, style.pad);
                s.table(&tb, &style);
            }
        }
    }

    // 三、收到和处理政府信息公开申请情况
    if t.orientation == Orientation::Landscape {
        s.flow.break_page(Some(PageGeom::landscape()));
    }
    s.heading(&report.headings[2]);
    if t.prose_near == ProseNear::Before {
        s.para(&report.near_applications);
    }
    let mut style = s.table_style();
    let width = s.flow.geom.content_width();
    let build = |style: &Style| {
        forms::applications(
            &report.applications,
            t.group_label,
            t.label_width,
            width,
            style.size,
            style.pad,
        )
    };
    let mut apps = build(&style);
    // Measured on a fresh page.
    let measure = |table: &Table, style: &Style, geom: PageGeom| {
        let mut probe = Flow::new(geom, t.stroke);
        let top = probe.y;
        let r = table.render(&mut probe, style);
        (r.fragments, probe.y - top)
    };
    match t.split {
        T3Split::OnePage => {
            // Authors shrink the table until it fits a page.
            while measure(&apps, &style, s.flow.geom).0 > 1 && style.size > 7.5 {
                style = sized_style(t, style.size - 1.5);
                apps = build(&style);
            }
            style.keep_together = true;
        }
        T3Split::Split | T3Split::SplitRepeat | T3Split::SplitInRow => {
            style.repeat_header = t.split != T3Split::Split;
            style.split_rows = t.split == T3Split::SplitInRow;
            // Start the table low enough on a page that it breaks.
            let (fragments, height) = measure(&apps, &style, s.flow.geom);
            if fragments == 1 {
                let want = height * rng.float(0.3, 0.75);
                if s.flow.remaining() < want {
                    s.flow.break_page(None);
                }
                let mut k = rng.below(FILLER.len());
                while s.flow.remaining() - 3.0 * leading > want {
                    s.para(FILLER[k % FILLER.len()]);
                    k += 1;
                }
                let gap = s.flow.remaining() - want;
                if gap > 0.0 {
                    s.flow.space(gap);
                }
            }
        }
    }
    let r = s.table(&apps, &style);
    observed.push((
        "t3-observed",
        if r.fragments > 1 { "split" } else { "one-page" },
    ));
    if t.prose_near == ProseNear::After {
        s.para(&report.near_applications);
    }

    // 四、政府信息公开行政复议、行政诉讼情况
    s.heading(&report.headings[3]);
    if t.prose_near == ProseNear::Before {
        s.para(&report.near_review);
    }
    let style = s.table_style();
    let width = s.flow.geom.content_width();
    let tables = forms::review(&report.review, t.review, width, style.size, style.pad);
    let captions = forms::review_captions();
    for (i, tb) in tables.iter().enumerate() {
        if t.review == Review::ThreeTables {
            s.flow.ensure(4.0 * leading);
            s.flow.line(captions[i], body, leading, Align::Left);
        }
        let mut st = style.clone();
        st.keep_together = true;
        s.table(tb, &st);
    }
    if t.prose_near == ProseNear::After {
        s.para(&report.near_review);
    }

    // 五、六 and the signature.
    if t.orientation == Orientation::Landscape {
        s.flow.break_page(Some(PageGeom::portrait()));
    }
    s.heading(&report.headings[4]);
    for p in &report.sections[4] {
        s.para(p);
    }
    s.heading(&report.headings[5]);
    for p in &report.sections[5] {
        s.para(p);
    }
    s.flow.space(leading);
    for l in &report.closing {
        s.flow.line(l, body, leading, Align::Right);
    }
    (s.flow.finish(t.page_numbers), observed)
}
