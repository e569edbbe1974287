//! Which files to lint: explicit files, directories (recursive, honouring .gitignore), globs.
//!
//! Explicit files are always linted. Files found by walking a directory or expanding a glob
//! are picked by extension (`.asl.json`, `.asl.yaml`, `.asl.yml`, `.json`, `.yaml`, `.yml`, and
//! CloudFormation's `.template`), then by content: a CloudFormation, SAM, Serverless or CDK
//! template is linted for its state machines, and files that are neither a state machine nor a
//! template with one are skipped silently (see [`super::LintOptions::discovered`]).

use std::path::{Path, PathBuf};

/// A file to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// The path as it will be shown.
    pub path: String,
    /// Found by a directory walk or glob rather than named.
    pub discovered: bool,
}

/// Why discovery failed.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A named path does not exist.
    #[error("{0}: no such file or directory")]
    NotFound(String),
    /// A glob pattern does not parse.
    #[error("invalid glob pattern `{pattern}`: {source}")]
    BadGlob {
        /// The pattern.
        pattern: String,
        /// The parser's error.
        source: globset::Error,
    },
}

/// `.template` is the extension of classic CloudFormation templates (JSON or YAML inside).
const EXTENSIONS: &[&str] = &[".json", ".yaml", ".yml", ".template"];

/// Whether a discovered file's name makes it a candidate.
#[must_use]
pub fn is_candidate(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    EXTENSIONS.iter().any(|e| name.ends_with(e))
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

fn walk_dir(root: &Path, filter: Option<&globset::GlobMatcher>, out: &mut Vec<Target>) {
    let walker = ignore::WalkBuilder::new(root).require_git(false).build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let p = entry.path();
        if !is_candidate(p) {
            continue;
        }
        if let Some(m) = filter
            && !m.is_match(p)
            && !m.is_match(display(p))
        {
            continue;
        }
        out.push(Target {
            path: display(p),
            discovered: true,
        });
    }
}

/// Expands the command-line arguments into a sorted, de-duplicated list of files.
///
/// # Errors
/// A named file or directory does not exist, or a glob does not parse.
pub fn discover(args: &[String]) -> Result<Vec<Target>, DiscoverError> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Target {
                path: "-".into(),
                discovered: false,
            });
            continue;
        }
        let path = Path::new(arg);
        if path.is_file() {
            out.push(Target {
                path: arg.clone(),
                discovered: false,
            });
        } else if path.is_dir() {
            walk_dir(path, None, &mut out);
        } else if is_glob(arg) {
            let glob = globset::GlobBuilder::new(arg)
                .literal_separator(true)
                .build()
                .map_err(|source| DiscoverError::BadGlob {
                    pattern: arg.clone(),
                    source,
                })?
                .compile_matcher();
            walk_dir(&glob_base(arg), Some(&glob), &mut out);
        } else {
            return Err(DiscoverError::NotFound(arg.clone()));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

/// The longest leading directory of a glob without glob characters.
fn glob_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    for comp in Path::new(pattern).components() {
        let s = comp.as_os_str().to_string_lossy();
        if is_glob(&s) {
            break;
        }
        base.push(comp);
    }
    if base.as_os_str().is_empty() || base.is_file() {
        base = base
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        if base.as_os_str().is_empty() {
            base = PathBuf::from(".");
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_bases() {
        assert_eq!(
            glob_base("workflows/**/*.asl.json"),
            PathBuf::from("workflows")
        );
        assert_eq!(glob_base("*.json"), PathBuf::from("."));
    }

    #[test]
    fn candidates_by_extension() {
        assert!(is_candidate(Path::new("a/b.asl.json")));
        assert!(is_candidate(Path::new("a/b.YML")));
        assert!(is_candidate(Path::new("stack.template")));
        assert!(!is_candidate(Path::new("a/b.txt")));
    }
}
