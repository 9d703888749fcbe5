//! The two pages the tutorial downloads, as stand-ins of about the same size.
//!
//! The content is made up for this project and is the same on every run, so a test can
//! count bytes: every download of `/jython` is [`JYTHON_LEN`] bytes long.

use std::sync::LazyLock;

use bytes::Bytes;

/// The length of every `/jython` body: about the size of www.jython.org's front page.
pub const JYTHON_LEN: usize = 10 * 1024;
/// The length of every `/dice` body: about the size of olympus.realpython.org/dice.
pub const DICE_LEN: usize = 1024;

/// The stand-in for `https://www.jython.org`.
pub static JYTHON: LazyLock<Bytes> = LazyLock::new(|| {
    page(
        "A stand-in for the Jython home page",
        "Jython runs Python on the Java platform. This copy is served by site_server, so the \
         examples can be run without a network and every run downloads the same bytes.",
        JYTHON_LEN,
    )
});

/// The stand-in for `http://olympus.realpython.org/dice`.
pub static DICE: LazyLock<Bytes> = LazyLock::new(|| {
    page(
        "Roll the dice",
        "Your roll: 4. This page is small on purpose: it is the short one of the two.",
        DICE_LEN,
    )
});

/// Builds an HTML page of exactly `size` bytes: a header, numbered filler paragraphs,
/// and padding inside a closing comment to hit the size to the byte.
fn page(title: &str, lead: &str, size: usize) -> Bytes {
    let head = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body>\n<h1>{title}</h1>\n<p>{lead}</p>\n"
    );
    let tail = "</body>\n</html>\n";
    let mut html = head;
    let mut n = 1;
    loop {
        let paragraph = format!(
            "<p>Paragraph {n}: the examples measure how long it takes to fetch pages like \
             this one, not what they say.</p>\n"
        );
        if html.len() + paragraph.len() + tail.len() + "<!--  -->\n".len() > size {
            break;
        }
        html.push_str(&paragraph);
        n += 1;
    }
    let padding = size - html.len() - tail.len() - "<!--  -->\n".len();
    html.push_str(&format!("<!-- {} -->\n", ".".repeat(padding)));
    html.push_str(tail);
    debug_assert_eq!(html.len(), size);
    Bytes::from(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_their_advertised_sizes() {
        assert_eq!(JYTHON.len(), JYTHON_LEN);
        assert_eq!(DICE.len(), DICE_LEN);
        assert!(JYTHON.starts_with(b"<!DOCTYPE html>"));
        assert!(DICE.ends_with(b"</html>\n"));
    }
}
