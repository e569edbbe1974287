//! `.aslctl.toml`: rule levels, select/ignore, strict and workflow type, with per-path overrides.
//!
//! ```toml
//! strict = false
//! type = "standard"            # or "express"
//! select = ["ASL2", "unknown-field"]
//! ignore = ["ASL703"]
//!
//! [rules]
//! ASL700 = "error"             # off | info | warning | error
//! choice-no-default = "off"
//!
//! [[overrides]]
//! files = ["legacy/**/*.asl.json"]
//! rules = { unreachable-state = "warning" }
//! ```
//!
//! The nearest `.aslctl.toml` in the linted file's directory or above applies; override globs
//! are relative to the directory of the config file. Command-line flags win over the file.

use super::{LintOptions, RuleLevel, WorkflowType, resolve_rules};
use aslctl_parser::diagnostic::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The config file name.
pub const FILE_NAME: &str = ".aslctl.toml";

/// A problem with a config file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// The parser's message.
        message: String,
    },
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Settings {
    strict: Option<bool>,
    #[serde(rename = "type")]
    workflow_type: Option<String>,
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    /// Only in `[[overrides]]`: the globs it applies to.
    files: Option<Vec<String>>,
    /// Only at the top level.
    #[serde(default)]
    overrides: Vec<Settings>,
}

/// A loaded config file.
#[derive(Debug, Clone)]
pub struct Config {
    path: String,
    dir: PathBuf,
    base: Settings,
    overrides: Vec<(globset::GlobSet, Settings)>,
}

/// Finds the nearest `.aslctl.toml` for a file, looking in its directory and upwards.
#[must_use]
pub fn find_for(file: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(file).ok()?;
    let mut dir = abs.parent();
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

impl Config {
    /// Reads and checks a config file (rule names and levels are validated here).
    ///
    /// # Errors
    /// The file cannot be read or is invalid.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: shown.clone(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses config text as if read from `path`.
    ///
    /// # Errors
    /// The text is invalid.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let err = |message: String| ConfigError::Parse {
            path: shown.clone(),
            message,
        };
        let mut file: Settings = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let dir = std::path::absolute(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut overrides = Vec::new();
        for o in std::mem::take(&mut file.overrides) {
            if !o.overrides.is_empty() {
                return Err(err("`overrides` cannot be nested".into()));
            }
            let Some(files) = &o.files else {
                return Err(err("each `[[overrides]]` needs `files`".into()));
            };
            let mut b = globset::GlobSetBuilder::new();
            for g in files {
                b.add(globset::Glob::new(g).map_err(|e| err(format!("bad glob `{g}`: {e}")))?);
            }
            overrides.push((b.build().map_err(|e| err(e.to_string()))?, o));
        }
        if file.files.is_some() {
            return Err(err("`files` belongs in an `[[overrides]]` table".into()));
        }
        let cfg = Config {
            path: shown,
            dir,
            base: file,
            overrides,
        };
        // Validate everything up front, so a typo fails the run instead of being ignored.
        let mut probe = LintOptions::default();
        cfg.apply_settings(&cfg.base, &mut probe)?;
        for (_, s) in &cfg.overrides {
            cfg.apply_settings(s, &mut probe)?;
        }
        Ok(cfg)
    }

    /// Applies the base settings, then every override whose globs match `file`.
    ///
    /// # Errors
    /// Unknown rule names or levels.
    pub fn apply(&self, file: &Path, options: &mut LintOptions) -> Result<(), ConfigError> {
        self.apply_settings(&self.base, options)?;
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let rel = abs.strip_prefix(&self.dir).unwrap_or(&abs);
        for (set, s) in &self.overrides {
            if set.is_match(rel) {
                self.apply_settings(s, options)?;
            }
        }
        Ok(())
    }

    fn apply_settings(&self, s: &Settings, o: &mut LintOptions) -> Result<(), ConfigError> {
        let err = |message: String| ConfigError::Parse {
            path: self.path.clone(),
            message,
        };
        let codes = |names: &[String]| -> Result<Vec<&'static str>, ConfigError> {
            let mut out = Vec::new();
            for n in names {
                out.extend(resolve_rules(n).map_err(|e| err(e.to_string()))?);
            }
            Ok(out)
        };
        if let Some(strict) = s.strict {
            o.strict = strict;
        }
        if let Some(t) = &s.workflow_type {
            o.workflow_type = match t.to_ascii_lowercase().as_str() {
                "standard" => WorkflowType::Standard,
                "express" => WorkflowType::Express,
                other => {
                    return Err(err(format!(
                        "unknown workflow type `{other}` (standard or express)"
                    )));
                }
            };
        }
        if let Some(sel) = &s.select {
            o.select = codes(sel)?;
        }
        o.ignore.extend(codes(&s.ignore)?);
        for (name, level) in &s.rules {
            let level = match level.as_str() {
                "off" => RuleLevel::Off,
                other => RuleLevel::On(Severity::parse(other).ok_or_else(|| {
                    err(format!(
                        "unknown level `{other}` for `{name}` (off, info, warning, error)"
                    ))
                })?),
            };
            for code in codes(std::slice::from_ref(name))? {
                o.levels.insert(code, level);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_overrides() {
        let cfg = Config::parse(
            "strict = true\nignore = [\"ASL703\"]\n[rules]\nunreachable-state = \"warning\"\n[[overrides]]\nfiles = [\"legacy/**\"]\nrules = { ASL203 = \"off\" }\n",
            Path::new("/tmp/x/.aslctl.toml"),
        )
        .unwrap();
        let mut o = LintOptions::default();
        cfg.apply(Path::new("/tmp/x/a.asl.json"), &mut o).unwrap();
        assert!(o.strict);
        assert_eq!(o.ignore, vec!["ASL703"]);
        assert_eq!(
            o.levels.get("ASL203"),
            Some(&RuleLevel::On(Severity::Warning))
        );
        let mut o = LintOptions::default();
        cfg.apply(Path::new("/tmp/x/legacy/b.asl.json"), &mut o)
            .unwrap();
        assert_eq!(o.levels.get("ASL203"), Some(&RuleLevel::Off));
    }

    #[test]
    fn typos_are_errors() {
        assert!(Config::parse("[rules]\nnot-a-rule = \"off\"\n", Path::new("c.toml")).is_err());
        assert!(Config::parse("[rules]\nASL203 = \"loud\"\n", Path::new("c.toml")).is_err());
        assert!(Config::parse("stirct = true\n", Path::new("c.toml")).is_err());
    }
}
