//! Template tables: the national format's fixed tables found in a
//! document's lines, row by row (matched by label) and column by column
//! (by position).
//!
//! - [`spec`] loads `schema/template.json`;
//! - [`detect`] tells gb2019 from gb2021;
//! - [`label`] compares printed labels with the spec's;
//! - `cells` splits a line into label texts and value cells;
//! - `rows` finds each table's area and matches its rows by label;
//! - `columns` places values into columns by position;
//! - [`glued`] and `runs` read tables whose cells run together;
//! - `structured` maps tables with structure (ruled PDF, HTML, DOCX) by
//!   their header and row labels;
//! - [`matcher`] puts it together into the record's tables.

pub(crate) mod areas;
mod cells;
mod columns;
pub mod detect;
pub mod glued;
pub mod label;
pub mod matcher;
mod rows;
mod runs;
pub mod spec;
mod structured;
