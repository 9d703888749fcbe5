//! What travels between the parent and a worker: one line per message.
//!
//! - Parent to worker, on the worker's stdin: each item as one line of JSON.
//! - Worker to parent, on the worker's stdout: each answer as one line that starts with
//!   [`ANSWER_MARK`], then an [`Answer`] as JSON. A line without the mark is something
//!   the worker printed (a plain `println!`), and the parent passes it on.
//!
//! Python's `multiprocessing` pickles the items and results; here they are JSON, through
//! serde, so any type that derives `Serialize` and `Deserialize` can travel.

use std::fmt::Display;
use std::io::{self, BufRead, Read};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Marks a worker's answer: the ASCII record separator, which printed text never holds.
pub const ANSWER_MARK: u8 = 0x1e;

/// The longest line either side reads. Longer is garbage, not an allocation: a worker
/// that writes junk to stdout must not make the parent reserve gigabytes.
pub const MAX_LINE: u64 = 64 * 1024 * 1024;

/// A worker's answer to one item: the result, and when and where it was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer<T> {
    /// The work function's value, or its error as text.
    pub result: Result<T, String>,
    /// Which process and thread ran the item, from when to when.
    pub span: reports::Span,
}

/// What a work function returns, as the pool sends it back: a `Result`, whose error the
/// parent gets as text, or a plain value that cannot fail (the tutorial's `fib`).
pub trait Outcome {
    /// The value that travels back.
    type Value: Serialize + DeserializeOwned;
    /// The value, or the error as text.
    fn into_result(self) -> Result<Self::Value, String>;
}

impl<T: Serialize + DeserializeOwned, E: Display> Outcome for Result<T, E> {
    type Value = T;
    fn into_result(self) -> Result<T, String> {
        // `{:#}` shows an error's causes too (anyhow prints its whole chain with it).
        self.map_err(|error| format!("{error:#}"))
    }
}

/// Values that are their own outcome: numbers, text, and a bool.
macro_rules! infallible {
    ($($t:ty),*) => {$(
        impl Outcome for $t {
            type Value = $t;
            fn into_result(self) -> Result<$t, String> {
                Ok(self)
            }
        }
    )*};
}

infallible!(u32, u64, usize, i32, i64, f64, bool, String);

/// One line as the parent reads it from a worker.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// Something the worker printed: the parent passes it on.
    Printed(String),
    /// An answer's JSON (after the mark), with whatever was printed before it on the same
    /// line by a `print!` that did not end its line.
    Answer {
        /// The printed text before the mark, if any.
        printed: Option<String>,
        /// The answer's JSON.
        json: Vec<u8>,
    },
}

/// Reads the next line, without its line break: `None` at the end of the stream. A line
/// longer than [`MAX_LINE`] is an `InvalidData` error.
pub fn read_line(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    input.take(MAX_LINE + 1).read_until(b'\n', &mut line)?;
    if line.is_empty() {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    } else if line.len() as u64 > MAX_LINE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a line longer than {MAX_LINE} bytes"),
        ));
    }
    Ok(Some(line))
}

/// Tells an answer from printed text.
pub fn split(line: &[u8]) -> Line {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    match line.iter().position(|&b| b == ANSWER_MARK) {
        None => Line::Printed(text(line)),
        Some(at) => Line::Answer {
            printed: (at > 0).then(|| text(&line[..at])),
            json: line[at + 1..].to_vec(),
        },
    }
}

/// The line that carries `answer`, its line break included.
pub fn answer_line<T: Serialize>(answer: &Answer<T>) -> io::Result<Vec<u8>> {
    let mut line = vec![ANSWER_MARK];
    serde_json::to_writer(&mut line, answer)?;
    line.push(b'\n');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span() -> reports::Span {
        reports::Span { what: None, worker: "12/1".into(), start_us: 1, end_us: 2 }
    }

    #[test]
    fn an_answer_survives_the_trip_and_printed_text_is_told_apart() {
        let answer = Answer { result: Ok("a\nb \u{1e} c".to_owned()), span: span() };
        let mut wire = b"Read 10 bytes\n".to_vec();
        wire.extend(answer_line(&answer).unwrap());
        let mut input = io::Cursor::new(wire);
        let first = read_line(&mut input).unwrap().unwrap();
        assert_eq!(split(&first), Line::Printed("Read 10 bytes".into()));
        let second = read_line(&mut input).unwrap().unwrap();
        let Line::Answer { printed, json } = split(&second) else {
            panic!("not an answer: {second:?}");
        };
        assert_eq!(printed, None);
        assert_eq!(serde_json::from_slice::<Answer<String>>(&json).unwrap(), answer);
        assert_eq!(read_line(&mut input).unwrap(), None);
    }

    #[test]
    fn text_printed_without_a_line_break_stays_text() {
        let mut line = b"half a line".to_vec();
        line.extend(answer_line(&Answer::<u64> { result: Ok(7), span: span() }).unwrap());
        line.pop();
        let Line::Answer { printed, .. } = split(&line) else {
            panic!("not an answer");
        };
        assert_eq!(printed.as_deref(), Some("half a line"));
    }

    #[test]
    fn a_line_too_long_is_an_error_not_an_allocation() {
        let mut input = io::repeat(b'x').take(MAX_LINE + 10);
        let mut reader = io::BufReader::new(&mut input);
        let error = read_line(&mut reader).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn an_error_travels_with_its_causes() {
        let error = std::io::Error::other("refused");
        let outcome: Result<u64, _> = Err(error);
        assert_eq!(outcome.into_result(), Err("refused".to_owned()));
        assert_eq!(35_u64.into_result(), Ok(35));
    }
}
