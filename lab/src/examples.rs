//! The example programs: found beside this program, each run as a measured child with
//! its stderr passed through and its stdout (its `--json` report) read whole.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

use crate::process::{self, Measured, Stderr};
use crate::usage::UsageError;

/// The directory that holds the example programs.
#[derive(Debug, Clone)]
pub struct Examples {
    dir: PathBuf,
}

impl Examples {
    /// `dir`, or the directory of this program (`target/release` when the scripts or
    /// `cargo run --release` start it), where cargo puts every binary of the workspace.
    pub fn locate(dir: Option<PathBuf>) -> anyhow::Result<Examples> {
        let dir = match dir {
            Some(dir) => dir,
            None => std::env::current_exe()
                .context("cannot find this program's own path")?
                .parent()
                .context("this program's path has no directory")?
                .to_owned(),
        };
        Ok(Examples { dir })
    }

    /// The path of the example program `name`.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
    }

    /// A command that starts example `name`, to add arguments to.
    pub fn command(&self, name: &str) -> Command {
        Command::new(self.path(name))
    }

    /// Checks that every example in `names` has been built, before any runs.
    pub fn check(&self, names: &[String]) -> anyhow::Result<()> {
        let missing: Vec<&str> =
            names.iter().filter(|name| !self.path(name).is_file()).map(String::as_str).collect();
        if !missing.is_empty() {
            bail!(
                "{} not found in {}: build the examples first with \
                 `cargo build --release` (./setup-examples.sh does it)",
                missing.join(", "),
                self.dir.display()
            );
        }
        Ok(())
    }

    /// Runs example `name` with `args` and `env`, passing its stderr through, and waits
    /// for it. On Ctrl-C it is stopped with its workers, and the error is
    /// [`process::Interrupted`].
    pub fn run(
        &self,
        name: &str,
        args: &[String],
        env: &[(&str, String)],
    ) -> anyhow::Result<Measured> {
        let mut command = self.command(name);
        command.args(args).envs(env.iter().map(|(k, v)| (k, v)));
        process::measure(command, Stderr::Inherit, None)
    }
}

/// Checks that every name in `names` is one of `known`, the examples a subcommand runs:
/// a misspelt name is the user's mistake (exit 2, with the list), not a missing build.
pub fn check_known(names: &[String], known: &[&str], group: &str) -> Result<(), UsageError> {
    let unknown: Vec<&str> =
        names.iter().map(String::as_str).filter(|name| !known.contains(name)).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(UsageError(format!(
        "no {group} example called {}; there are: {}",
        unknown.join(", "),
        known.join(", ")
    )))
}

/// Reads the report on a child's stdout, if it printed one that parses.
pub fn report<T: serde::de::DeserializeOwned>(ran: &Measured) -> Option<T> {
    serde_json::from_str(ran.stdout.trim()).ok()
}

/// Says on stderr that `name` failed, and returns the table's result cell.
pub fn failed(name: &str, ran: &Measured) -> String {
    let how = ran.describe();
    eprintln!("{name} failed ({how})");
    format!("FAILED ({how})")
}

/// The examples the command line named, or the defaults.
pub fn names_or(named: &[String], defaults: &[&str]) -> Vec<String> {
    if named.is_empty() {
        defaults.iter().map(|n| (*n).to_owned()).collect()
    } else {
        named.to_vec()
    }
}
