//! Template tables: the national format's fixed tables found in a
//! document's lines, row by row (matched by label) and column by column
//! (by position).
//!
//! - [`spec`] loads `schema/template.json`;
//! - [`label`] compares printed labels with the spec's;
//! - [`detect`] tells gb2019 from gb2021;
//! - [`matcher`] fills the tables.

pub mod detect;
pub mod glued;
pub mod label;
pub mod matcher;
pub mod spec;
