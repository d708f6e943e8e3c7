//! The template spec (`schema/template.json`) loaded as data: sections,
//! tables, row and column keys, printed labels, label variants and rules.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::record::TemplateVersion;

/// The spec's JSON text, compiled into the binary.
pub const TEMPLATE_JSON: &str = include_str!("../../schema/template.json");

/// The whole spec.
#[derive(Debug, Deserialize)]
pub struct Spec {
    /// Formats by key (`gb2019`, `gb2021`).
    pub versions: BTreeMap<String, VersionSpec>,
    /// Printed label → accepted variants.
    pub label_variants: BTreeMap<String, Vec<String>>,
    /// How cell text becomes a value.
    pub value_conventions: BTreeMap<String, String>,
}

/// One national format.
#[derive(Debug, Deserialize)]
pub struct VersionSpec {
    /// The issuing document.
    pub document: String,
    /// The six sections.
    pub sections: Vec<SectionSpec>,
    /// The fixed tables.
    pub tables: Vec<TableSpec>,
    /// The consistency rules.
    pub rules: Vec<RuleSpec>,
}

/// A numbered section of the outline.
#[derive(Debug, Deserialize)]
pub struct SectionSpec {
    /// 1 to 6.
    pub number: u32,
    /// Stable key, e.g. `applications`.
    pub key: String,
    /// The heading as the format prints it.
    pub heading: String,
}

/// A fixed table.
#[derive(Debug, Deserialize)]
pub struct TableSpec {
    /// Table key, e.g. `art20_1`.
    pub key: String,
    /// The caption printed above it.
    pub caption: String,
    /// Columns, left to right.
    pub columns: Vec<ColumnSpec>,
    /// Rows, top to bottom.
    pub rows: Vec<RowSpec>,
    /// Units by column key (e.g. `万元`).
    #[serde(default)]
    pub units: BTreeMap<String, String>,
}

impl TableSpec {
    /// The unit of a column, if the spec gives one.
    pub fn unit(&self, column: &str) -> Option<&str> {
        self.units.get(column).map(String::as_str)
    }
}

/// A column.
#[derive(Debug, Deserialize)]
pub struct ColumnSpec {
    /// Column key.
    pub key: String,
    /// Printed header label.
    pub label: String,
    /// Header group label, if any.
    #[serde(default)]
    pub group: Option<String>,
}

/// A row.
#[derive(Debug, Deserialize)]
pub struct RowSpec {
    /// Row key.
    pub key: String,
    /// Printed label.
    pub label: String,
    /// Group label printed beside a block of rows.
    #[serde(default)]
    pub group: Option<String>,
    /// Sub-group label.
    #[serde(default)]
    pub subgroup: Option<String>,
}

/// A consistency rule.
#[derive(Debug, Deserialize)]
pub struct RuleSpec {
    /// Stable id, e.g. `applications.balance`.
    pub id: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// The table it reads, if one.
    #[serde(default)]
    pub table: Option<String>,
    /// `column` or `row`: what one instance covers.
    #[serde(default)]
    pub for_each: Option<String>,
    /// The rule as a formula.
    pub formula: String,
    /// Scope beyond one report (`series.*` rules).
    #[serde(default)]
    pub scope: Option<String>,
}

impl Spec {
    /// The spec compiled into xxgk, parsed once.
    ///
    /// ```
    /// let spec = xxgk::template::spec::Spec::builtin();
    /// let v = spec.version(xxgk::record::TemplateVersion::Gb2021);
    /// assert_eq!(v.table("applications").unwrap().columns.len(), 7);
    /// ```
    pub fn builtin() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| {
            serde_json::from_str(TEMPLATE_JSON).expect("schema/template.json is valid (tested)")
        })
    }

    /// One format's spec.
    pub fn version(&self, v: TemplateVersion) -> &VersionSpec {
        &self.versions[v.key()]
    }

    /// The variants of a printed label, with annotations such as
    /// "(typo seen in a published report)" removed.
    pub fn variants(&self, label: &str) -> Vec<String> {
        self.label_variants
            .get(label)
            .map(|vs| {
                vs.iter()
                    .map(|v| match v.find(" (") {
                        Some(i) => v[..i].to_string(),
                        None => v.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl VersionSpec {
    /// A table by key.
    pub fn table(&self, key: &str) -> Option<&TableSpec> {
        self.tables.iter().find(|t| t.key == key)
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&RuleSpec> {
        self.rules.iter().find(|r| r.id == id)
    }
}
