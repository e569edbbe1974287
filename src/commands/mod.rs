//! Glue between the command line and the library: read files, call, render, pick the exit code.

mod graph;
mod lint;
mod rules;
mod simulate;
mod test;

use crate::cli::{Cli, ColorChoice, Command};
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Exit code 0: nothing wrong.
    Success,
    /// Exit code 1: lint findings, or a failed execution.
    Failure,
    /// Exit code 2: bad usage or unusable input.
    Error,
    /// Exit code 3: a limit of aslctl itself stopped the run (see [`LimitExceeded`]).
    Limit,
}

/// A limit of aslctl itself (not an AWS rule) stopped the command: file size, nesting depth,
/// number of states, transitions, Map items, JSONata steps. `main` exits with code 3 for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} [ASL007]")]
pub struct LimitExceeded(pub String);

/// Whether an error, or one of its causes, is a [`LimitExceeded`].
#[must_use]
pub fn is_limit(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<LimitExceeded>().is_some())
}

/// Whether any finding is an `ASL007` limit finding.
#[must_use]
pub fn any_limit<'a>(codes: impl IntoIterator<Item = &'a str>) -> bool {
    codes
        .into_iter()
        .any(|c| c == aslctl_parser::diagnostic::codes::LIMIT)
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        match s {
            ExitStatus::Success => std::process::ExitCode::SUCCESS,
            ExitStatus::Failure => std::process::ExitCode::from(1),
            ExitStatus::Error => std::process::ExitCode::from(2),
            ExitStatus::Limit => std::process::ExitCode::from(3),
        }
    }
}

/// Settings every command shares.
#[derive(Debug, Clone, Copy)]
pub struct Globals {
    /// Whether standard output gets colour.
    pub color_stdout: bool,
    /// Whether standard error gets colour.
    pub color_stderr: bool,
}

impl Globals {
    fn new(choice: ColorChoice) -> Globals {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                tty && !no_color && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        Globals {
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
        }
    }
}

/// Runs one command.
///
/// # Errors
/// Usage and I/O problems, which `main` reports with exit code 2.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    let globals = Globals::new(cli.color);
    colored::control::set_override(globals.color_stdout);
    // A malformed limit is a usage error up front, not a finding on every file read.
    max_file_bytes()?;
    match cli.command {
        Command::Lint(args) => lint::run(&args, globals),
        Command::Simulate(args) => simulate::run(&args, globals),
        Command::Graph(args) => graph::run(&args, globals),
        Command::Test(args) => test::run(&args, globals),
        Command::Rules(args) => rules::run(&args, globals),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "aslctl", &mut out);
            write_stdout(&out)?;
            Ok(ExitStatus::Success)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            write_stdout(&out)?;
            Ok(ExitStatus::Success)
        }
    }
}

/// Whether an error is a closed standard output.
#[must_use]
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints an error and its causes to standard error.
pub fn print_error(err: &anyhow::Error) {
    let mut msg = format!("error: {err}");
    for cause in err.chain().skip(1) {
        msg.push_str(&format!("\n  caused by: {cause}"));
    }
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Writes bytes to standard output.
///
/// # Errors
/// Write failures (a broken pipe included, which `main` treats as success).
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// Writes bytes to standard error, ignoring failures.
pub fn write_stderr(bytes: &[u8]) {
    let _ = std::io::stderr().lock().write_all(bytes);
}

/// Writes a file atomically: a temporary file beside it, then a rename, so a reader (or an
/// interrupted run) sees the old file or the new one, never half of one. Every file aslctl
/// writes goes through here.
///
/// # Errors
/// I/O failures; the temporary file is removed and the target is left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    // A device or pipe (`-o /dev/null`, `-o /dev/stdout`) must be written, not replaced: a
    // rename over it would swap the device for a regular file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, bytes)
            .with_context(|| format!("cannot write {}", path.display()));
    }
    // A symbolic link stays a link: its target is what gets replaced.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)
            .with_context(|| format!("cannot write {}", path.display()))?,
        _ => path.to_path_buf(),
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = write_new(&tmp, bytes, &target).and_then(|()| std::fs::rename(&tmp, &target));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// Writes a file that must not exist yet (never through a link planted at its name), with the
/// permissions of the file it will replace, if any.
fn write_new(tmp: &Path, bytes: &[u8], replaces: &Path) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    f.write_all(bytes)?;
    if let Ok(m) = std::fs::metadata(replaces) {
        f.set_permissions(m.permissions())?;
    }
    Ok(())
}

/// Largest file aslctl reads unless `ASLCTL_MAX_FILE_SIZE` says otherwise: 64 MiB, sixty-four
/// times AWS's 1 MiB definition quota and far above any real input or mock file, while the
/// parsed tree of a file this size (six to ten times its size, `benches/limits.sh`) stays
/// under a GiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The environment variable that raises (or lowers) the file size limit, in bytes.
pub const MAX_FILE_SIZE_VAR: &str = "ASLCTL_MAX_FILE_SIZE";

/// The file size limit: `ASLCTL_MAX_FILE_SIZE` in bytes if set (0 turns the check off, as
/// `--payload-limit 0` does), else 64 MiB.
///
/// # Errors
/// The variable is set but is not a whole number of bytes.
pub fn max_file_bytes() -> Result<u64> {
    match std::env::var(MAX_FILE_SIZE_VAR) {
        Ok(v) => match v.trim().parse::<u64>() {
            Ok(0) => Ok(u64::MAX),
            Ok(n) => Ok(n),
            Err(e) => Err(anyhow::Error::new(e).context(format!(
                "{MAX_FILE_SIZE_VAR} must be a number of bytes, got `{v}`"
            ))),
        },
        Err(_) => Ok(DEFAULT_MAX_FILE_BYTES),
    }
}

fn too_large(what: &str, max: u64) -> anyhow::Error {
    LimitExceeded(format!(
        "{what} is larger than {max} bytes, the file size limit of aslctl; raise it with {MAX_FILE_SIZE_VAR}=BYTES"
    ))
    .into()
}

/// Reads a file, or standard input for `-`, refusing anything over [`max_file_bytes`]: a file
/// by its size before reading, standard input while reading.
///
/// # Errors
/// The file cannot be read, or it is too large ([`LimitExceeded`]).
pub fn read_bytes(path: &str) -> Result<Vec<u8>> {
    let max = max_file_bytes()?;
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(max.saturating_add(1))
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        if buf.len() as u64 > max {
            return Err(too_large("standard input", max));
        }
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {path}"))?;
    if meta.is_dir() {
        anyhow::bail!("{path} is a directory");
    }
    if meta.len() > max {
        return Err(too_large(path, max));
    }
    std::fs::read(path).with_context(|| format!("cannot read {path}"))
}
