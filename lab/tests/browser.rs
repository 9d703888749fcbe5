//! The lesson pages as a reader's browser lays them out: headless Chromium opens each
//! built page at 420 px (a phone) and at 1280 px (a laptop) and measures, with a script
//! it runs in the page, every table and picture: a table must fit the page without a
//! sideways scroll at both widths, a picture must load, and a picture's text must be at
//! least 9 px high as displayed on the phone.
//!
//! It runs where .ci/run built the book (`LAB_BOOK_HTML`) and Chromium is installed
//! (`/usr/bin/chromium`, Debian's package, or `LAB_CHROMIUM`); elsewhere it says so and
//! passes without running.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::RUNNER;

/// The smallest text a picture may show on a phone, in CSS pixels.
const MIN_TEXT_PX: f64 = 9.0;

/// The widths a page is laid out at: a phone's, and a laptop's.
const WIDTHS: [u32; 2] = [420, 1280];

/// Measures the page once it has loaded and writes what it found into the document,
/// where `--dump-dom` prints it: each table's overflow, each picture's load and text.
const MEASURE: &str = include_str!("browser/measure.html");

/// The page that holds the measured page in a frame exactly as wide as asked (headless
/// Chromium will not make its own window narrower than 500 px), and writes down what
/// the framed page reports.
const HOST: &str = include_str!("browser/host.html");

fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("LAB_CHROMIUM").map(PathBuf::from);
    named.or_else(|| Some(PathBuf::from("/usr/bin/chromium"))).filter(|p| p.is_file())
}

/// The lesson pages, from the manifest.
fn lesson_pages() -> Vec<String> {
    let output = Command::new(RUNNER).arg("lessons").output().expect("lab runs");
    let mut pages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .map(|page| page.replace(".md", ".html"))
        .collect();
    pages.dedup();
    pages
}

/// What the page measured of itself at `width`.
fn measure(chromium: &Path, book: &Path, page: &str, width: u32) -> serde_json::Value {
    let html =
        std::fs::read_to_string(book.join(page)).unwrap_or_else(|_| panic!("{page} was not built"));
    let copy = book.join(page.replace(".html", ".lab-measure.html"));
    std::fs::write(&copy, html.replacen("</body>", &format!("{MEASURE}</body>"), 1))
        .expect("written");
    let host = book.join(page.replace(".html", ".lab-host.html"));
    let name = copy.file_name().expect("a name").to_string_lossy();
    std::fs::write(&host, HOST.replace("PAGE", &name).replace("WIDTH", &width.to_string()))
        .expect("written");
    let profile = std::env::temp_dir().join(format!("lab-chromium-{}", std::process::id()));
    let output = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .args(["--hide-scrollbars", "--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={},1000", width.max(500) + 40))
        .arg(format!("file://{}", host.display()))
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_file(&host);
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom
        .find("<pre id=\"lab-measured\">")
        .unwrap_or_else(|| panic!("{page} at {width}: nothing measured"));
    let rest = &dom[start + "<pre id=\"lab-measured\">".len()..];
    let json = rest[..rest.find("</pre>").expect("closed")]
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{page}: {e}: {json}"))
}

#[test]
fn every_lesson_page_fits_a_phone_and_a_laptop_and_its_pictures_read() {
    let (Some(book), Some(chromium)) =
        (std::env::var_os("LAB_BOOK_HTML").map(PathBuf::from), chromium())
    else {
        eprintln!(
            "SKIPPED: set LAB_BOOK_HTML to a built book, with Chromium installed (.ci/run does both)"
        );
        return;
    };
    let mut wrong = Vec::new();
    let mut pictures = 0;
    for page in lesson_pages() {
        for width in WIDTHS {
            let found = measure(&chromium, &book, &page, width);
            // The page itself must not scroll sideways: a table or a picture wider than
            // the screen would make it.
            let (shown, scroll) =
                (found["page"].as_f64().unwrap_or(0.0), found["scroll"].as_f64().unwrap_or(0.0));
            if scroll > shown + 1.0 {
                wrong.push(format!(
                    "{page} at {width} px: the page is {scroll} px wide in a {shown} px window"
                ));
            }
            for table in found["tables"].as_array().expect("tables") {
                let (needs, room) =
                    (table["width"].as_f64().unwrap_or(0.0), table["room"].as_f64().unwrap_or(0.0));
                if needs > room + 1.0 {
                    wrong.push(format!(
                        "{page} at {width} px: a table {needs} px wide in {room} px: {}",
                        table["first"]
                    ));
                }
            }
            for image in found["images"].as_array().expect("images") {
                pictures += 1;
                if image["loaded"] != true {
                    wrong.push(format!("{page} at {width} px: {} did not load", image["alt"]));
                }
                let text = image["text"].as_f64().unwrap_or(0.0);
                if width == WIDTHS[0] && text < MIN_TEXT_PX {
                    wrong.push(format!(
                        "{page} at {width} px: {}'s text is {text:.1} px high, under {MIN_TEXT_PX}",
                        image["alt"]
                    ));
                }
            }
        }
    }
    assert!(pictures > 0, "no picture measured: the script did not run");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
