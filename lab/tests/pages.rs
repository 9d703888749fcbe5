//! The committed pages are what the templates make of the committed runs: `lab redraw`
//! renders the book's claims page from docs/results.json, and draws the Python chart and
//! the timelines from their runs, byte for byte as committed. A sentence edited in lab/templates
//! without `lab redraw`, or a figure typed into a page by hand, fails here.

use std::path::Path;
use std::process::Command;

/// What `lab redraw` writes, relative to the repository.
const REDRAWN: [&str; 11] = [
    "book/src/appendix/claims.md",
    "book/src/figures/python-vs-rust.svg",
    "book/src/figures/timelines/io_non_concurrent.svg",
    "book/src/figures/timelines/io_threading.svg",
    "book/src/figures/timelines/io_asyncio.svg",
    "book/src/figures/timelines/io_multiprocessing.svg",
    "book/src/figures/timelines/cpu_non_concurrent.svg",
    "book/src/figures/timelines/cpu_threading.svg",
    "book/src/figures/timelines/cpu_rayon.svg",
    "book/src/figures/timelines/cpu_asyncio.svg",
    "book/src/figures/timelines/cpu_multiprocessing.svg",
];

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
    let mut differ = Vec::new();
    for file in REDRAWN {
        let committed = std::fs::read(root.join(file)).expect("committed");
        let redrawn = std::fs::read(out.join(file)).expect("redrawn");
        if committed != redrawn {
            differ.push(file);
        }
    }
    std::fs::remove_dir_all(&out).expect("removed");
    assert!(
        differ.is_empty(),
        "not what the templates and runs make (run `cargo run -p lab -- redraw`): {differ:?}"
    );
}
