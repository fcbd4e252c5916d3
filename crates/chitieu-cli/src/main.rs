//! `chitieu`: derive indicators and score plans from the shell, without Python.
//!
//! ```text
//! chitieu catalog
//! chitieu targets list
//! chitieu targets show lai-chau-69-kl-tw-2024
//! chitieu score --raw raw.csv --targets lai-chau-69-kl-tw-2024 --out scorecard.csv
//! chitieu score --observations obs.csv --targets my-plan.toml --units lai-chau,bac-giang
//! chitieu score --raw raw.csv --targets lai-chau-69-kl-tw-2024 --out report.html --lang vi
//! chitieu report --raw raw.csv --targets lai-chau-69-kl-tw-2024 --lang vi > thuyet_minh.md
//! ```
//!
//! The scorecard is written as CSV, Parquet, an Excel workbook (one sheet per plan, status
//! colours, citations) or a standalone HTML page, chosen by the extension of `--out`.
//! A progress bar is drawn on standard error while scoring when it is a terminal.
//!
//! Exit codes: 0 success, 2 invalid input (every problem listed on stderr), 1 I/O failure.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chitieu::catalog::Catalog;
use chitieu::derive::derive;
use chitieu::frame::scorecard_to_frame;
use chitieu::frame::{observations_from_frame, raw_from_frame};
use chitieu::labels::Lang;
use chitieu::report::Report;
use chitieu::score::{score_monitored, Monitor, ScoreOptions, ScoreRow};
use chitieu::targets::TargetSet;
use chitieu::{KeyColumn, Observations};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use polars::prelude::{
    CsvReadOptions, CsvWriter, DataFrame, IntoColumn, ParquetWriter, PolarsResult, SerReader,
    SerWriter, StringChunked,
};

/// The allocator of the Python extension too (many small allocations on worker threads).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "chitieu",
    version,
    about = "Indicators and attainment of Vietnam's S&T&I plans"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the indicator catalog (id, Vietnamese and English names, formula).
    Catalog,
    /// Shipped target sets.
    Targets {
        #[command(subcommand)]
        action: TargetsAction,
    },
    /// Score units against a target set; writes the scorecard (CSV, Parquet, Excel, HTML).
    Score {
        #[command(flatten)]
        input: Input,
        /// Output file: .csv, .parquet, .xlsx or .html (default: CSV on standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of names and headings in Excel and HTML output.
        #[arg(long, value_enum, default_value_t = LangArg::Both)]
        lang: LangArg,
    },
    /// The narrative for the annual report (Vietnamese by default): per plan, unit and
    /// target, the paragraph a Department of Science and Technology writes; Markdown on
    /// standard output, or to --out (.md, or .html / .xlsx for the whole report with it).
    Report {
        #[command(flatten)]
        input: Input,
        /// Output file: .md (the narrative), .html or .xlsx (the report, narrative included).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of the narrative.
        #[arg(long, value_enum, default_value_t = LangArg::Vi)]
        lang: LangArg,
        /// Years of the windows that judge whether the growth required is ordinary (the
        /// feasibility sentence of each paragraph).
        #[arg(long, default_value_t = 5)]
        feasibility_window: i32,
    },
}

/// What is scored: the data, the target set, the units.
#[derive(clap::Args)]
struct Input {
    /// Raw statistics CSV (unit_id, component, year, value[, source, flag]): indicators
    /// are derived first (lenient: gaps become null values with a reason).
    #[arg(
        long,
        conflicts_with = "observations",
        required_unless_present = "observations"
    )]
    raw: Option<PathBuf>,
    /// Observations CSV (unit_id, indicator, year, value[, source, flag]).
    #[arg(long)]
    observations: Option<PathBuf>,
    /// Field delimiter of the input CSV (e.g. ';' for files saved by a Vietnamese or
    /// European Excel).
    #[arg(long, default_value_t = ',')]
    delimiter: char,
    /// Values written with a decimal comma (1,5 for 1.5); use with --delimiter ';'.
    #[arg(long)]
    decimal_comma: bool,
    /// A shipped set id or a TOML file.
    #[arg(long)]
    targets: String,
    /// Units to score (comma separated); default: the set's own unit.
    #[arg(long, value_delimiter = ',')]
    units: Option<Vec<String>>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// `--lang` values.
#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// Vietnamese.
    Vi,
    /// English.
    En,
    /// Vietnamese / English.
    Both,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
            LangArg::Both => Lang::Both,
        }
    }
}

/// Output formats, by file extension.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    Csv,
    Parquet,
    Xlsx,
    Html,
    Markdown,
}

impl Format {
    fn of(path: &Path) -> Result<Self, Failure> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => Ok(Self::Csv),
            Some("parquet") => Ok(Self::Parquet),
            Some("xlsx") => Ok(Self::Xlsx),
            Some("html" | "htm") => Ok(Self::Html),
            Some("md" | "markdown") => Ok(Self::Markdown),
            _ => Err(Failure(
                format!(
                    "--out {}: unknown format; use a .csv, .parquet, .xlsx or .html file",
                    path.display()
                ),
                2,
            )),
        }
    }
}

/// A progress bar on standard error (drawn only when it is a terminal).
struct Bar(ProgressBar);

impl Monitor for Bar {
    fn start(&self, jobs: usize) {
        self.0.set_length(jobs as u64);
    }
    fn advance(&self, done: usize) {
        self.0.inc(done as u64);
    }
}

#[derive(Subcommand)]
enum TargetsAction {
    /// Ids, scopes and titles of the shipped sets.
    List,
    /// The targets of one set with their clauses.
    Show {
        /// Set id or TOML file.
        set: String,
    },
}

/// A failure: the message and the exit code (2: invalid input, 1: a file could not be
/// written).
struct Failure(String, u8);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string(), 2)
    }
}

fn io_failure(what: &str, e: impl std::fmt::Display) -> Failure {
    Failure(format!("{what}: {e}"), 1)
}

/// An input that cannot be read or used: exit code 2.
fn input_failure(what: &str, e: impl std::fmt::Display) -> Failure {
    Failure(format!("{what}: {e}"), 2)
}

/// How the input CSV is written.
#[derive(Clone, Copy)]
struct CsvFormat {
    delimiter: u8,
    decimal_comma: bool,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            eprintln!("chitieu: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let out = io::stdout();
    let mut out = out.lock();
    match cli.command {
        Command::Catalog => {
            for i in Catalog::builtin().indicators() {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    i.id,
                    i.name_vi,
                    i.name_en,
                    i.formula.describe()
                )
                .map_err(|e| io_failure("stdout", e))?;
            }
        }
        Command::Targets {
            action: TargetsAction::List,
        } => {
            for id in TargetSet::builtin_ids() {
                let set = TargetSet::builtin(id)?;
                writeln!(out, "{id}\t{} targets\t{}", set.targets.len(), set.name_vi)
                    .map_err(|e| io_failure("stdout", e))?;
            }
        }
        Command::Targets {
            action: TargetsAction::Show { set },
        } => {
            let set = load_set(&set)?;
            for t in &set.targets {
                writeln!(
                    out,
                    "{}\t{}\t{} by {}\t{}",
                    t.id,
                    t.indicator.as_deref().unwrap_or("-"),
                    t.kind.describe(),
                    t.horizon,
                    t.citation.clause_vi
                )
                .map_err(|e| io_failure("stdout", e))?;
            }
        }
        Command::Score {
            input,
            out: path,
            lang,
        } => {
            // Check the output before the (possibly long) work.
            let format = path.as_deref().map(Format::of).transpose()?;
            if format == Some(Format::Markdown) {
                return Err(Failure(
                    "--out: a scorecard is .csv, .parquet, .xlsx or .html; the narrative \
                     (.md) is `chitieu report`"
                        .to_owned(),
                    2,
                ));
            }
            let (rows, sets) = score_input(input, None)?;
            match (path, format) {
                (Some(p), Some(format)) => write_output(&p, format, &rows, &sets, lang.into())?,
                _ => write_csv(out, &mut frame(&rows)?)?,
            }
        }
        Command::Report {
            input,
            out: path,
            lang,
            feasibility_window,
        } => {
            let format = path.as_deref().map(Format::of).transpose()?;
            if matches!(format, Some(Format::Csv | Format::Parquet)) {
                return Err(Failure(
                    "--out: the report is .md, .html or .xlsx; a scorecard table is \
                     `chitieu score`"
                        .to_owned(),
                    2,
                ));
            }
            let (rows, sets) = score_input(input, Some(feasibility_window))?;
            let lang: Lang = lang.into();
            match (path, format) {
                (Some(p), Some(Format::Markdown)) => {
                    let text = Report::from_scores(&rows, &sets, Catalog::builtin())
                        .narrative(lang)
                        .to_markdown();
                    std::fs::write(&p, text).map_err(|e| io_failure(&p.display().to_string(), e))?
                }
                (Some(p), Some(format)) => write_output(&p, format, &rows, &sets, lang)?,
                _ => {
                    let text = Report::from_scores(&rows, &sets, Catalog::builtin())
                        .narrative(lang)
                        .to_markdown();
                    out.write_all(text.as_bytes())
                        .map_err(|e| io_failure("stdout", e))?
                }
            }
        }
    }
    Ok(())
}

/// Reads the input, scores it (with a progress bar on standard error unless `quiet`) and
/// returns the rows with the set scored.
fn score_input(
    input: Input,
    feasibility_window: Option<i32>,
) -> Result<(Vec<ScoreRow>, [TargetSet; 1]), Failure> {
    let Input {
        raw,
        observations,
        delimiter,
        decimal_comma,
        targets,
        units,
        quiet,
    } = input;
    let delimiter = u8::try_from(delimiter).map_err(|_| {
        Failure(
            format!("--delimiter '{delimiter}': give one ASCII character"),
            2,
        )
    })?;
    let csv = CsvFormat {
        delimiter,
        decimal_comma,
    };
    let obs = match (raw, observations) {
        (Some(raw), _) => {
            let table = read_table(&raw, KeyColumn::Component, csv)?;
            derive(&table, Catalog::builtin(), false)?
        }
        (None, Some(obs)) => read_table(&obs, KeyColumn::Indicator, csv)?,
        (None, None) => unreachable!("clap requires one of --raw, --observations"),
    };
    let set = load_set(&targets)?;
    let options = ScoreOptions {
        units,
        feasibility_window,
        ..ScoreOptions::default()
    };
    let bar = ProgressBar::with_draw_target(
        None,
        if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    )
    .with_style(
        ProgressStyle::with_template(
            "scoring {bar:40} {pos}/{len} unit × target [{elapsed} < {eta}]",
        )
        .expect("valid template"),
    );
    let sets = [set];
    let monitor = Bar(bar);
    let rows = score_monitored(&obs, &sets, Catalog::builtin(), &options, &monitor)?;
    monitor.0.finish_and_clear();
    Ok((rows, sets))
}

fn load_set(arg: &str) -> Result<TargetSet, Failure> {
    if arg.ends_with(".toml") {
        let text = std::fs::read_to_string(arg).map_err(|e| input_failure(arg, e))?;
        Ok(TargetSet::from_toml(&text, arg, Catalog::builtin())?)
    } else {
        Ok(TargetSet::builtin(arg)?)
    }
}

/// Reads a long CSV table with the core's reader: every problem of the file (columns,
/// years, values, repeated keys) is listed at once with its row, and a file that looks
/// semicolon- or tab-separated, or written with decimal commas, gets a hint.
fn read_table(path: &Path, key: KeyColumn, csv: CsvFormat) -> Result<Observations, Failure> {
    let name = path.display().to_string();
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0)) // every column as text: the core reads the cells
        .with_raise_if_empty(false)
        .map_parse_options(|p| {
            p.with_separator(csv.delimiter)
                .with_comment_prefix(Some("#"))
                .with_truncate_ragged_lines(false)
        })
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|r| r.finish())
        .map_err(|e| {
            let mut message = format!("{name}: {e}");
            if let Some(hint) = delimiter_hint(path, csv.delimiter) {
                message.push_str(&format!("\n  hint: {hint}"));
            }
            Failure(message, 2)
        })?;
    let df = if csv.decimal_comma {
        decimal_points(df).map_err(|e| input_failure(&name, e))?
    } else {
        df
    };
    let read = match key {
        KeyColumn::Indicator => observations_from_frame(&df),
        KeyColumn::Component => raw_from_frame(&df),
    };
    read.map_err(|e| {
        // Rows as the file's line numbers (what an editor or a spreadsheet shows), not the
        // table's 0-based positions.
        let lines = data_lines(path);
        let e = e.map_rows(|r| lines.get(r).copied().unwrap_or(r + 2));
        let mut message = format!("{name} (rows are line numbers of the file): {e}");
        let hints = delimiter_hint(path, csv.delimiter)
            .into_iter()
            .chain(decimal_comma_hint(&df, csv));
        for hint in hints {
            message.push_str(&format!("\n  hint: {hint}"));
        }
        Failure(message, 2)
    })
}

/// The 1-based line number of each data row of a CSV file: lines after the header that are
/// neither empty nor comments (`#`).
fn data_lines(path: &Path) -> Vec<usize> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .skip(1)
        .map(|(i, _)| i + 1)
        .collect()
}

/// A hint when the header line holds no `delimiter` but another common one.
fn delimiter_hint(path: &Path, delimiter: u8) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let header = text.lines().find(|l| !l.trim_start().starts_with('#'))?;
    if header.contains(char::from(delimiter)) {
        return None;
    }
    [(';', "semicolons"), ('\t', "tabs"), ('|', "bars")]
        .into_iter()
        .find(|(sep, _)| header.contains(*sep))
        .map(|(sep, what)| {
            format!(
                "the header '{header}' looks separated by {what}: pass --delimiter '{}'",
                sep.escape_default()
            )
        })
}

/// The `value` column with decimal commas turned into decimal points (`1,5` → `1.5`).
fn decimal_points(mut df: DataFrame) -> PolarsResult<DataFrame> {
    if let Ok(v) = df.column("value") {
        let fixed: StringChunked = v
            .str()?
            .iter()
            .map(|s| s.map(|s| s.replace(',', ".")))
            .collect();
        df.with_column(fixed.with_name("value".into()).into_column())?;
    }
    Ok(df)
}

/// A hint when values look written with a decimal comma (`1,5`).
fn decimal_comma_hint(df: &DataFrame, csv: CsvFormat) -> Option<String> {
    let comma_decimals = !csv.decimal_comma
        && df
            .column("value")
            .ok()
            .and_then(|c| c.str().ok())
            .is_some_and(|v| {
                v.iter().flatten().any(|s| {
                    let s = s.trim();
                    s.split_once(',').is_some_and(|(a, b)| {
                        !a.is_empty()
                            && !b.is_empty()
                            && a.trim_start_matches('-')
                                .chars()
                                .all(|c| c.is_ascii_digit())
                            && b.chars().all(|c| c.is_ascii_digit())
                    })
                })
            });
    comma_decimals.then(|| {
        "values like '1,5' use a decimal comma: pass --decimal-comma (and --delimiter ';' if \
         fields are separated by semicolons)"
            .to_owned()
    })
}

/// The scorecard as a DataFrame (the same columns as Python's `Scorecard.to_polars()`).
fn frame(rows: &[ScoreRow]) -> Result<DataFrame, Failure> {
    scorecard_to_frame(rows, Catalog::builtin()).map_err(|e| Failure(e.to_string(), 1))
}

fn write_csv(w: impl Write, df: &mut DataFrame) -> Result<(), Failure> {
    CsvWriter::new(w)
        .finish(df)
        .map_err(|e| io_failure("scorecard", e))
}

fn write_output(
    path: &Path,
    format: Format,
    rows: &[ScoreRow],
    sets: &[TargetSet],
    lang: Lang,
) -> Result<(), Failure> {
    let name = path.display().to_string();
    let create = || File::create(path).map_err(|e| io_failure(&name, e));
    let report = || Report::from_scores(rows, sets, Catalog::builtin());
    match format {
        Format::Csv => write_csv(create()?, &mut frame(rows)?),
        Format::Parquet => ParquetWriter::new(create()?)
            .finish(&mut frame(rows)?)
            .map(|_| ())
            .map_err(|e| io_failure(&name, e)),
        Format::Xlsx => report()
            .write_xlsx(path, lang)
            .map_err(|e| io_failure(&name, e)),
        Format::Markdown => unreachable!("the narrative is written by `report`"),
        Format::Html => {
            let title = sets
                .iter()
                .map(|s| lang.pick(&s.name_vi, &s.name_en))
                .collect::<Vec<_>>()
                .join("; ");
            let page = report().html(lang, &title, &[]);
            create()?
                .write_all(page.as_bytes())
                .map_err(|e| io_failure(&name, e))
        }
    }
}
