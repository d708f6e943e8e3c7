-- xxgk batch database (xxgk.sqlite), schema version 1.
-- One row in `reports` per record, one row in `errors` per file that gave
-- no record. `cells` and `checks` hang off `reports` by foreign key.
-- Paths are as given to `xxgk batch` (relative paths stay relative).
PRAGMA foreign_keys = ON;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE reports (
    id            INTEGER PRIMARY KEY,       -- 1.. in path order
    path          TEXT    NOT NULL UNIQUE,   -- source.path
    sha256        TEXT    NOT NULL,          -- hex SHA-256 of the file
    format        TEXT    NOT NULL,          -- pdf | text | html
    pages         INTEGER,                   -- PDF page count, NULL otherwise
    title         TEXT,
    agency        TEXT,                      -- as printed, whitespace removed
    agency_key    TEXT,                      -- normalised for cross-year pairing
    year          INTEGER,                   -- report year
    template      TEXT    NOT NULL,          -- gb2019 | gb2021
    hybrid        TEXT,                      -- e.g. other_handling
    checks_failed INTEGER NOT NULL,          -- failing rule instances in the record
    warnings      TEXT    NOT NULL           -- JSON array of strings
);

CREATE TABLE cells (
    report_id   INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,            -- 0.. in record order
    table_key   TEXT    NOT NULL,            -- e.g. applications
    row_key     TEXT    NOT NULL,            -- e.g. new_received (extra_N for extra rows)
    column_key  TEXT    NOT NULL,            -- e.g. natural_person
    value       NUMERIC,                     -- NULL for a blank/unreadable cell
    raw         TEXT    NOT NULL,            -- printed text ('' when blank)
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
    message            TEXT    NOT NULL,
    previous_report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE  -- series.* rules
);

CREATE TABLE errors (
    id      INTEGER PRIMARY KEY,             -- 1.. in path order
    path    TEXT NOT NULL UNIQUE,
    sha256  TEXT NOT NULL,                   -- '' when the file could not be read
    reason  TEXT NOT NULL,                   -- reason code, e.g. not_a_report, timeout
    message TEXT NOT NULL
);

-- @indexes
-- Indexes are built after the rows are loaded (faster bulk inserts).
CREATE INDEX reports_sha256 ON reports(sha256);
CREATE INDEX reports_agency_year ON reports(agency_key, year);
CREATE INDEX cells_key ON cells(table_key, row_key, column_key);
CREATE INDEX checks_report ON checks(report_id);
CREATE INDEX checks_rule_status ON checks(rule, status);
CREATE INDEX checks_previous ON checks(previous_report_id);
CREATE INDEX errors_reason ON errors(reason);
