//! The tutorial's own io_asyncio.py, for claim 7 to run beside the Rust at each size:
//! the script with its sites pointed at the bench's server and its count changed, and
//! the interpreter's start with the aiohttp import alone (`python -c "import aiohttp"`),
//! so that the script's whole process, its own time and what comes before it are three
//! figures.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::bench::{Job, Program};
use crate::materials::{self, Half, Materials};
use crate::python::interpreter::{self, Interpreter};

/// The name the script's runs are recorded under.
pub const SCRIPT: &str = "io_asyncio.py";
/// The name the import's runs are recorded under.
pub const IMPORT: &str = "import aiohttp";

/// What the import job runs after `-c`: start, import, exit.
const IMPORT_LINE: &str = "import aiohttp";

/// The interpreter (a virtual environment with the tutorial's requirements) and the
/// script, copied into a folder of its own that is removed when this is dropped.
pub struct Tutorial {
    python: Interpreter,
    text: String,
    dir: PathBuf,
}

impl Drop for Tutorial {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Tutorial {
    /// Finds io_asyncio.py in the checkout at `path` and makes (once, then reuses) the
    /// virtual environment of its requirements from `base` (or the system's Python).
    pub fn find(path: &Path, base: Option<&Path>) -> anyhow::Result<Tutorial> {
        let materials = Materials::find(path)?;
        let pair = materials
            .pairs(&[Half::Io])
            .into_iter()
            .find(|pair| pair.script == SCRIPT)
            .with_context(|| format!("{} has no {SCRIPT}", path.display()))?;
        let script = materials.script(&pair);
        let text = std::fs::read_to_string(&script)
            .with_context(|| format!("cannot read {}", script.display()))?;
        let requirements = materials.requirements();
        let python = interpreter::project_venv(base, requirements.as_deref(), None)?;
        let dir = std::env::temp_dir().join(format!("lab-claims-python-{}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", dir.display()))?;
        Ok(Tutorial { python, text, dir })
    }

    /// The interpreter, as a page says it (`CPython 3.11.7, GIL on`, its configure
    /// flags as code).
    pub fn describe(&self) -> String {
        self.python.describe_build_markdown()
    }

    /// The script rewritten to download `sites` sites from `base_url`, as a job
    /// recorded as `io_asyncio.py --count SITES`.
    pub fn script_job(&self, sites: usize, base_url: &str) -> anyhow::Result<Job<'static>> {
        let count = materials::sites_rewrite(sites)
            .with_context(|| format!("{SCRIPT} downloads pairs of sites, not {sites}"))?;
        let mut rewrites: Vec<(&str, String)> = materials::SITES
            .iter()
            .map(|(literal, page)| (*literal, format!("\"{base_url}{page}\"")))
            .collect();
        rewrites.push(count);
        let text = materials::rewrite(&self.text, &rewrites)
            .map_err(|refused| anyhow::anyhow!("cannot point {SCRIPT} at the bench: {refused}"))?;
        let copy = self.dir.join(format!("io_asyncio_{sites}.py"));
        std::fs::write(&copy, text).with_context(|| format!("cannot write {}", copy.display()))?;
        Ok(self.job(SCRIPT, sites, vec![copy.into()]))
    }

    /// `python -c "import aiohttp"`, recorded with the size of the batch it ran in.
    pub fn import_job(&self, sites: usize) -> Job<'static> {
        let line = vec![OsString::from("-c"), OsString::from(IMPORT_LINE)];
        self.job(IMPORT, sites, line)
    }

    /// A job of the interpreter with `args`, recorded as `name --count SITES`.
    fn job(&self, name: &'static str, sites: usize, args: Vec<OsString>) -> Job<'static> {
        let recorded = ["--count".to_owned(), sites.to_string()];
        let program = Program { path: self.python.path.clone(), args, dir: self.dir.clone() };
        // aiohttp honours a proxy set in the environment; the server is local.
        Job::program(name, &recorded, program).env(&[("NO_PROXY", "127.0.0.1,localhost".into())])
    }
}
