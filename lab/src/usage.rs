//! The one error that is the user's to fix, not the lab's: exit 2, as clap's own.

use std::fmt;

/// A mistake on the command line, or a path that is not what it should be: exit 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}
