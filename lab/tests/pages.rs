//! The committed pages are what the templates make of the committed runs: `lab redraw`
//! renders the book's claims page from docs/results.json, and draws the Python chart and
//! the timelines from their runs, and renders the example pages' figures and the Deciding
//! page, byte for byte as committed. A sentence edited in lab/templates
//! without `lab redraw`, or a figure typed into a page by hand, fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A few of what `lab redraw` writes, relative to the repository: the test fails if it
/// stops writing one of them.
const REDRAWN: [&str; 6] = [
    "book/src/appendix/claims.md",
    "book/src/deciding.md",
    "book/src/figures/python-vs-rust.svg",
    "book/src/figures/pairs/io_threading.md",
    "book/src/figures/claims/starved.md",
    "book/src/figures/timelines/cpu_rayon.txt",
];

/// Every file under `dir`, relative to it.
fn written(dir: &Path, under: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            written(&path, under, into);
        } else {
            into.push(path.strip_prefix(under).expect("under").to_owned());
        }
    }
}

#[test]
fn redraw_gives_the_committed_pages_and_pictures_from_the_committed_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = std::env::temp_dir().join(format!("lab-redraw-{}", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_lab"))
        .arg("redraw")
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .output()
        .expect("the lab runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let mut files = Vec::new();
    written(&out, &out, &mut files);
    for file in REDRAWN {
        assert!(files.contains(&PathBuf::from(file)), "redraw no longer writes {file}");
    }
    // Every file it wrote is the committed one, byte for byte.
    let mut differ = Vec::new();
    for file in &files {
        let committed = std::fs::read(root.join(file)).unwrap_or_default();
        let redrawn = std::fs::read(out.join(file)).expect("redrawn");
        if committed != redrawn {
            differ.push(file.display().to_string());
        }
    }
    std::fs::remove_dir_all(&out).expect("removed");
    assert!(
        differ.is_empty(),
        "not what the templates and runs make (run `cargo run -p lab -- redraw`): {differ:?}"
    );
}
