//! A plain-text table with right-aligned figures: what the runner prints at the end.

use std::fmt;

/// A table: a header and rows, each row as many cells as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// How many columns, from the first, hold names (left-aligned).
    names: usize,
}

impl Table {
    /// A table with these column names. The first column is left-aligned (names), the
    /// last too (a result or a note), the ones between right-aligned (figures).
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
            names: 1,
        }
    }

    /// The same, with the first `names` columns left-aligned.
    pub fn with_name_columns(mut self, names: usize) -> Table {
        self.names = names;
        self
    }

    /// Adds a row. Panics if it has a different number of cells than the header: that
    /// is a bug in the caller, and a shifted column would print wrong figures silently.
    pub fn push(&mut self, row: Vec<String>) {
        assert_eq!(row.len(), self.header.len(), "a row of the wrong width: {row:?}");
        self.rows.push(row);
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The same table in Markdown, figures right-aligned, for the docs. A `|` inside a
    /// cell is escaped, so that no cell can shift the columns.
    pub fn markdown(&self) -> String {
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let columns = self.header.len();
        let rule: Vec<String> = (0..columns)
            .map(|c| {
                if c < self.names || c == columns - 1 {
                    "---".to_owned()
                } else {
                    "---:".to_owned()
                }
            })
            .collect();
        let mut text = line(&self.header);
        text += &line(&rule);
        for row in &self.rows {
            text += &line(row);
        }
        text
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let columns = self.header.len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|row| row[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                let width = widths[c];
                let cell = if c < self.names || c == columns - 1 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                };
                if c > 0 {
                    line.push_str("  ");
                }
                line.push_str(&cell);
            }
            writeln!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// The outcomes of a group of runs, compared against the first success of one example.
#[derive(Debug)]
pub struct Comparison {
    baseline_name: &'static str,
    baseline: Option<f64>,
    /// Whether every run so far succeeded.
    pub all_ok: bool,
}

/// One run's cells for the table.
#[derive(Debug)]
pub struct Cells {
    /// Its time, or `-`.
    pub seconds: String,
    /// Its speed-up against the baseline, or `-`.
    pub speedup: String,
    /// `ok`, or `FAILED (exit 1)`.
    pub result: String,
}

impl Comparison {
    /// Compares every run against the first successful run of `baseline_name`.
    pub fn new(baseline_name: &'static str) -> Comparison {
        Comparison { baseline_name, baseline: None, all_ok: true }
    }

    /// Records one run. `summary` is the human line for a run whose report was read,
    /// printed when the run succeeded; a run that exited non-zero or printed no report
    /// failed, and says so on stderr.
    pub fn record(
        &mut self,
        name: &str,
        ran: &crate::process::Measured,
        seconds: Option<f64>,
        summary: Option<String>,
    ) -> Cells {
        let result = match summary {
            Some(line) if ran.success() => {
                println!("{line}");
                if name == self.baseline_name && self.baseline.is_none() {
                    self.baseline = seconds;
                }
                "ok".to_owned()
            }
            _ => {
                self.all_ok = false;
                crate::examples::failed(name, ran)
            }
        };
        Cells {
            seconds: seconds.map_or("-".to_owned(), |s| format!("{s:.3}")),
            speedup: speedup(self.baseline, seconds),
            result,
        }
    }
}

/// How many times faster `seconds` is than `baseline`: `2.03x`, or `-` when either is
/// missing or zero (a run too quick to time cannot be compared).
pub fn speedup(baseline: Option<f64>, seconds: Option<f64>) -> String {
    match (baseline, seconds) {
        (Some(b), Some(s)) if b > 0.0 && s > 0.0 => format!("{:.2}x", b / s),
        _ => "-".to_owned(),
    }
}

/// Prints `text` on stdout, broken between words to fit the terminal ([`wrap`]).
pub fn print_wrapped(text: &str) {
    println!("{}", wrap(text, crate::timeline::terminal_width()));
}

/// `text` broken between words into lines of at most `width` characters (a word longer
/// than that keeps a line of its own).
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_wraps_between_words_within_the_width() {
        let text = "CPU s = user + system time of the process and its workers; speed-up is against io_non_concurrent.";
        let wrapped = wrap(text, 40);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 40), "{wrapped}");
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(wrap("a verylongword b", 4), "a\nverylongword\nb");
    }

    #[test]
    fn columns_line_up_names_left_and_figures_right() {
        let mut table = Table::new(&["example", "seconds", "result"]);
        table.push(vec!["io_asyncio".into(), "0.090".into(), "ok".into()]);
        table.push(vec!["io_non_concurrent".into(), "8.261".into(), "FAILED (exit 1)".into()]);
        let text = table.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "example            seconds  result");
        assert_eq!(lines[1], "io_asyncio           0.090  ok");
        assert_eq!(lines[2], "io_non_concurrent    8.261  FAILED (exit 1)");
    }

    #[test]
    fn markdown_rows_have_as_many_cells_as_the_header() {
        let mut table = Table::new(&["pair", "seconds", "result"]);
        table.push(vec!["a.py / a".into(), "1.000".into(), "FAILED (x | y)".into()]);
        let text = table.markdown();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "| pair | seconds | result |");
        assert_eq!(lines[1], "| --- | ---: | --- |");
        assert_eq!(lines[2], "| a.py / a | 1.000 | FAILED (x \\| y) |");
        for line in lines {
            let unescaped = line.replace("\\|", "");
            assert_eq!(unescaped.matches('|').count(), 4, "{line}");
        }
    }

    #[test]
    #[should_panic(expected = "wrong width")]
    fn a_row_of_the_wrong_width_is_refused() {
        Table::new(&["a", "b"]).push(vec!["only one".into()]);
    }

    #[test]
    fn speedup_needs_two_positive_times() {
        assert_eq!(speedup(Some(8.0), Some(2.0)), "4.00x");
        assert_eq!(speedup(None, Some(2.0)), "-");
        assert_eq!(speedup(Some(8.0), Some(0.0)), "-");
    }
}
