-- xxgk batch database (xxgk.sqlite), schema version 3.
-- One row in `reports` per record, one row in `errors` per file that gave
-- no record. `cells`, `checks`, `warnings` and `sections` hang off
-- `reports` by foreign key, as does `indicators` (the statistics-table
-- rows of pre2019 reports); `check_operands` (the cells each check read)
-- off `checks`; `agencies` is the archive overview, one row per agency key.
-- `rules` names each rule in words, `dictionary` describes every column
-- (the same names as the CSV files). The views `failing_checks` and
-- `check_cells` answer "what fails, where, with which numbers" without SQL
-- (Datasette, with metadata.json beside the database).
-- No column is named with an SQL reserved word.
-- Paths are the real paths of the files, relative to the folder xxgk batch
-- ran in when they lie below it.
PRAGMA foreign_keys = ON;

CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,       -- 1.. in path order
    path          TEXT    NOT NULL UNIQUE,   -- source.path
    sha256        TEXT    NOT NULL,          -- hex SHA-256 of the file
    format        TEXT    NOT NULL,          -- pdf | text | html | docx
    pages         INTEGER,                   -- PDF page count, NULL otherwise
    title         TEXT,
    agency        TEXT,                      -- as printed, whitespace removed
    agency_key    TEXT,                      -- canonical, pairs reports across years (docs/identity.md)
    region_code   TEXT,                      -- GB/T 2260 code the agency name determines
    region_name   TEXT,                      -- e.g. 洪泽区
    region_level  TEXT,                      -- province | prefecture | county
    year          INTEGER,                   -- report year
    template      TEXT    NOT NULL,          -- gb2019 | gb2021 | pre2019
    hybrid        TEXT,                      -- e.g. other_handling
    checks_failed INTEGER NOT NULL,          -- failing error-level instances, series.* included
    cells_blank   INTEGER NOT NULL,          -- cells of the form the report left blank
    cells_unread  INTEGER NOT NULL,          -- cells printed but not read by xxgk
    cells_missing INTEGER NOT NULL,          -- cells whose row or table was not found
    warning_count INTEGER NOT NULL,          -- rows in `warnings`
    duplicate_of  TEXT,                      -- path of the first copy (same agency_key, year, cells)
    conflicts_with TEXT                      -- path of the first version when the cells differ
);

CREATE TABLE cells (
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,            -- 0.. in record order
    table_key   TEXT    NOT NULL,            -- e.g. applications
    row_key     TEXT    NOT NULL,            -- e.g. new_received (extra_N for extra rows)
    column_key  TEXT    NOT NULL,            -- e.g. natural_person
    value       NUMERIC,                     -- NULL for a blank/unreadable cell
    raw         TEXT    NOT NULL,            -- printed text ('' when blank)
    state       TEXT    NOT NULL,            -- value | blank | unread
    page        INTEGER,                     -- 1-based page, as printed (PDF)
    page_index  INTEGER,                     -- 0-based page (PDF)
    line_number INTEGER,                     -- 1-based line (text input)
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE checks (
    id                 INTEGER PRIMARY KEY,
    report_id          INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    rule               TEXT    NOT NULL,     -- rule id from template.json
    severity           TEXT    NOT NULL,     -- error | warning | info
    status             TEXT    NOT NULL,     -- pass | fail | not_assessable
    location           TEXT    NOT NULL,     -- the record's `where`
    expected           TEXT,                 -- JSON value
    found              TEXT,                 -- JSON value
    message            TEXT    NOT NULL,     -- in Chinese, with the printed numbers and pages
    message_en         TEXT    NOT NULL,     -- the same in English
    arithmetic         TEXT,                 -- the arithmetic in Chinese (arithmetic rules)
    difference         NUMERIC,              -- found - expected
    printed_total      TEXT,                 -- found | expected: the side that is one printed total
    previous_report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,  -- series.* rules
    agency_key         TEXT                  -- series.* rules: the key that paired the reports
);

CREATE TABLE check_operands (
    check_id    INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,            -- 0.. in the order of the arithmetic
    cell_key    TEXT    NOT NULL,            -- table.row.column
    table_key   TEXT    NOT NULL,
    row_key     TEXT    NOT NULL,
    column_key  TEXT    NOT NULL,
    side        TEXT    NOT NULL,            -- expected | found
    state       TEXT    NOT NULL,            -- value | blank | unread | missing
    raw         TEXT,                        -- printed text, NULL when no cell was read
    value       NUMERIC,
    page        INTEGER,                     -- 1-based page, as printed (PDF)
    page_index  INTEGER,                     -- 0-based page (PDF)
    line_number INTEGER,                     -- 1-based line (text input)
    previous    INTEGER NOT NULL,            -- 1 for a cell of the earlier report (series.*)
    PRIMARY KEY (check_id, seq)
);

CREATE TABLE warnings (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,              -- 0.. in record order
    message   TEXT    NOT NULL,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE sections (
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,            -- 1 to 6, as in the form's outline
    section_key TEXT    NOT NULL,            -- overview, applications, ...
    heading     TEXT    NOT NULL,            -- as printed
    page        INTEGER,                     -- 1-based page of the heading (PDF)
    body        TEXT    NOT NULL,            -- the section's text, heading excluded
    PRIMARY KEY (report_id, number, section_key)
);

CREATE TABLE rules (
    rule      TEXT PRIMARY KEY,              -- rule id
    severity  TEXT NOT NULL,                 -- error | warning | info
    title_zh  TEXT NOT NULL,                 -- the rule in words
    title_en  TEXT NOT NULL
);

CREATE TABLE dictionary (
    file           TEXT NOT NULL,            -- the CSV file; the table of the same stem
    column_index   INTEGER NOT NULL,         -- 1-based place in the CSV file
    column_name    TEXT NOT NULL,
    table_key      TEXT,                     -- cell columns of reports.csv
    row_key        TEXT,
    column_key     TEXT,
    label_zh       TEXT NOT NULL,
    unit           TEXT NOT NULL,            -- 件 | 万元 | 个 | ''
    templates      TEXT NOT NULL,            -- gb2019;gb2021
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    PRIMARY KEY (file, column_name)
);

-- The statistics-table rows of pre2019 reports (no fixed table: each row
-- with its label as printed and, when the spec knows it, a stable key).
CREATE TABLE indicators (
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,            -- 0.. the index in the record's indicators
    table_index INTEGER NOT NULL,            -- which statistics table of the report, 0..
    indicator_key TEXT,                      -- e.g. proactive_total; NULL for a row the spec does not know
    label       TEXT    NOT NULL,            -- as printed, numbering and 其中 taken off
    unit        TEXT,                        -- as printed: 条, 件, 元, …
    value       NUMERIC,                     -- 本年度; NULL when blank or not certain
    cumulative  NUMERIC,                     -- 历年累计; NULL when blank, not certain or no such column
    parent_seq  INTEGER,                     -- seq of the total this row is an item of (其中)
    group_label TEXT,                        -- the heading inside the table the row stands under
    page_index  INTEGER,                     -- 0-based page (PDF)
    line_number INTEGER,                     -- 1-based line (text input)
    raw         TEXT    NOT NULL,            -- the row as printed
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE errors (
    id      INTEGER PRIMARY KEY,             -- 1.. in path order
    path    TEXT NOT NULL UNIQUE,
    sha256  TEXT NOT NULL,                   -- '' when the file could not be read
    reason  TEXT NOT NULL,                   -- reason code, e.g. not_a_report, timeout
    message TEXT NOT NULL
);

CREATE TABLE agencies (
    agency_key           TEXT PRIMARY KEY,
    region_code          TEXT,
    region_name          TEXT,
    region_level         TEXT,
    agencies             TEXT    NOT NULL,   -- JSON array: the name as printed, each spelling once
    reports              INTEGER NOT NULL,   -- reports counted (copies left out)
    copies               INTEGER NOT NULL,   -- reports that are copies of another
    undated              INTEGER NOT NULL,   -- reports counted without a year
    first_year           INTEGER,
    last_year            INTEGER,
    years                TEXT    NOT NULL,   -- JSON array of years with a report
    gaps                 TEXT    NOT NULL,   -- JSON array of missing years between first and last
    pairs                INTEGER NOT NULL,   -- consecutive-year pairs checked
    chain_pass           INTEGER NOT NULL,   -- series chain check instances by status
    chain_fail           INTEGER NOT NULL,
    chain_not_assessable INTEGER NOT NULL,
    conflicting_years    TEXT    NOT NULL,   -- JSON array of years with different versions
    near_matches         TEXT    NOT NULL    -- JSON array of agency keys one character apart
);

CREATE VIEW failing_checks AS
SELECT c.id AS check_id, r.path, r.agency, r.year, c.rule, u.title_zh AS rule_zh,
       u.title_en AS rule_en, c.severity, c.location, c.message, c.message_en,
       c.arithmetic, c.expected, c.found, c.difference,
       (SELECT group_concat(o.cell_key || ' = ' || coalesce(nullif(o.raw, ''), '（' || o.state || '）')
                || coalesce('（第 ' || o.page || ' 页）', ''), '; ')
          FROM check_operands o WHERE o.check_id = c.id) AS operands,
       p.path AS previous_path, c.report_id
  FROM checks c
  JOIN reports r ON r.id = c.report_id
  LEFT JOIN rules u ON u.rule = c.rule
  LEFT JOIN reports p ON p.id = c.previous_report_id
 WHERE c.status = 'fail';

CREATE VIEW check_cells AS
SELECT c.id AS check_id, r.path, r.agency, r.year, c.rule, c.severity, c.status, c.location,
       o.seq, o.cell_key, d.label_zh, o.side, o.state, o.raw, o.value, d.unit, o.page,
       o.page_index, o.line_number, o.previous, c.message
  FROM check_operands o
  JOIN checks c ON c.id = o.check_id
  JOIN reports r ON r.id = c.report_id
  LEFT JOIN dictionary d ON d.file = 'reports.csv' AND d.column_name = o.cell_key;

-- @indexes
-- Indexes are built after the rows are loaded (faster bulk inserts).
CREATE INDEX reports_sha256 ON reports(sha256);
CREATE INDEX reports_agency_year ON reports(agency_key, year);
CREATE INDEX cells_key ON cells(table_key, row_key, column_key);
CREATE INDEX checks_report ON checks(report_id);
CREATE INDEX checks_rule_status ON checks(rule, status);
CREATE INDEX checks_previous ON checks(previous_report_id);
CREATE INDEX reports_duplicate_of ON reports(duplicate_of);
CREATE INDEX errors_reason ON errors(reason);
CREATE INDEX checks_status ON checks(status);
CREATE INDEX indicators_key ON indicators(indicator_key);
