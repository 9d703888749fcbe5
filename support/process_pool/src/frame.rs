//! The wire format between the parent and its workers: length-prefixed frames, so any
//! bytes (newlines, non-UTF-8) travel unchanged.
//!
//! A frame is a header line `TAG LEN\n` followed by exactly `LEN` bytes. The parent sends
//! `item` frames; a worker answers each with `ok` or `err`, and may send `out` frames
//! (lines it printed) before that.

use std::io::{self, BufRead, Write};

/// The largest payload a frame may carry. Larger is a protocol error, not an allocation:
/// a worker that writes garbage to stdout must not make the parent reserve gigabytes.
pub const MAX_PAYLOAD: usize = 64 * 1024 * 1024;

/// The header is short; a longer "header" is garbage.
const MAX_HEADER: usize = 32;

/// What a frame says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Parent to worker: one item to work on.
    Item,
    /// Worker to parent: the item's result.
    Ok,
    /// Worker to parent: the item failed; the payload is the error message.
    Err,
    /// Worker to parent: a line the worker printed.
    Out,
}

impl Tag {
    fn as_str(self) -> &'static str {
        match self {
            Tag::Item => "item",
            Tag::Ok => "ok",
            Tag::Err => "err",
            Tag::Out => "out",
        }
    }

    fn parse(text: &str) -> Option<Tag> {
        [Tag::Item, Tag::Ok, Tag::Err, Tag::Out]
            .into_iter()
            .find(|tag| tag.as_str() == text)
    }
}

/// Writes one frame and flushes it, so the other side sees it at once.
pub fn write(out: &mut impl Write, tag: Tag, payload: &[u8]) -> io::Result<()> {
    writeln!(out, "{} {}", tag.as_str(), payload.len())?;
    out.write_all(payload)?;
    out.flush()
}

/// Reads one frame: `Ok(None)` at a clean end of input (between frames), an
/// `InvalidData` error for anything that is not a frame.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<(Tag, Vec<u8>)>> {
    let mut header = Vec::new();
    let read = io::Read::take(&mut *input, MAX_HEADER as u64).read_until(b'\n', &mut header)?;
    if read == 0 {
        return Ok(None);
    }
    let garbage = |what: &str| {
        let shown = String::from_utf8_lossy(&header);
        io::Error::new(io::ErrorKind::InvalidData, format!("{what}: {shown:?}"))
    };
    let Some(line) = header.strip_suffix(b"\n") else {
        return Err(garbage("not a frame header"));
    };
    let line = std::str::from_utf8(line).map_err(|_| garbage("not a frame header"))?;
    let (tag, len) = line
        .split_once(' ')
        .ok_or_else(|| garbage("not a frame header"))?;
    let tag = Tag::parse(tag).ok_or_else(|| garbage("unknown frame tag"))?;
    // Only the digits `write` produces: no sign, no leading zeros. `usize::from_str`
    // alone would also take "+5" and "005", so two different byte strings would read as
    // the same frame (found by fuzz/run.sh).
    let canonical =
        len.bytes().all(|b| b.is_ascii_digit()) && (len == "0" || !len.starts_with('0'));
    let len: usize = match len.parse() {
        Ok(len) if canonical => len,
        _ => return Err(garbage("bad frame length")),
    };
    if len > MAX_PAYLOAD {
        return Err(garbage("frame too large"));
    }
    let mut payload = vec![0; len];
    input.read_exact(&mut payload)?;
    Ok(Some((tag, payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_bytes_round_trip() {
        let payloads: [&[u8]; 4] = [b"", b"plain", b"two\nlines\n", &[0, 255, 10, 13, 128]];
        let mut wire = Vec::new();
        for payload in payloads {
            write(&mut wire, Tag::Ok, payload).unwrap();
        }
        let mut input = io::Cursor::new(wire);
        for payload in payloads {
            assert_eq!(read(&mut input).unwrap(), Some((Tag::Ok, payload.to_vec())));
        }
        assert_eq!(read(&mut input).unwrap(), None);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for wire in [
            &b"hello world\n"[..],
            b"ok x\n",
            b"ok 99999999999\n",
            b"no newline at all in this long line",
        ] {
            let error = read(&mut io::Cursor::new(wire)).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{wire:?}");
        }
    }

    /// Regression test from fuzz/artifacts/frame_decoder: `err 00` was read as a frame of
    /// length 0, which `write` encodes as `err 0`.
    #[test]
    fn only_canonical_lengths_are_frames() {
        for wire in [
            &b"err 00\n"[..],
            b"ok +1\nx",
            b"ok 01\nx",
            b"ok -0\n",
            b"ok \n",
        ] {
            let error = read(&mut io::Cursor::new(wire)).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{wire:?}");
        }
        assert_eq!(
            read(&mut io::Cursor::new(b"ok 0\n")).unwrap(),
            Some((Tag::Ok, Vec::new()))
        );
    }

    #[test]
    fn a_frame_cut_short_is_an_error() {
        let error = read(&mut io::Cursor::new(b"ok 10\nshort")).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn tag() -> impl Strategy<Value = Tag> {
        prop_oneof![
            Just(Tag::Item),
            Just(Tag::Ok),
            Just(Tag::Err),
            Just(Tag::Out)
        ]
    }

    proptest! {
        /// Any payload, newlines and non-UTF-8 bytes included, comes back exactly, and
        /// frames written back to back are read back one by one.
        #[test]
        fn frames_round_trip(frames in proptest::collection::vec((tag(), proptest::collection::vec(any::<u8>(), 0..512)), 0..8)) {
            let mut wire = Vec::new();
            for (tag, payload) in &frames {
                write(&mut wire, *tag, payload).unwrap();
            }
            let mut input = io::Cursor::new(wire);
            for frame in &frames {
                let got = read(&mut input).unwrap();
                prop_assert_eq!(got, Some(frame.clone()));
            }
            prop_assert_eq!(read(&mut input).unwrap(), None);
        }

        /// Whatever bytes arrive, reading them ends in a frame, the end, or an error:
        /// never a panic, never a huge allocation.
        #[test]
        fn any_bytes_read_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let mut input = io::Cursor::new(bytes);
            while let Ok(Some(_)) = read(&mut input) {}
        }
    }
}
