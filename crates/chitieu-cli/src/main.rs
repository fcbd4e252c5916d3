//! `chitieu`: derive indicators and score plans from the shell, without Python.
//!
//! ```text
//! chitieu catalog
//! chitieu targets list
//! chitieu targets show lai-chau-69-kl-tw-2024
//! chitieu score --raw raw.csv --targets lai-chau-69-kl-tw-2024 --out scorecard.csv
//! chitieu score --observations obs.csv --targets my-plan.toml --units lai-chau,bac-giang
//! ```
//!
//! Exit codes: 0 success, 2 invalid input (every problem listed on stderr), 1 I/O failure.

use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chitieu::catalog::Catalog;
use chitieu::derive::derive;
use chitieu::score::{score, ScoreOptions, ScoreRow};
use chitieu::targets::TargetSet;
use chitieu::{KeyColumn, Observation, Observations};
use clap::{Parser, Subcommand};

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
    /// Score units against a target set; writes the scorecard as CSV.
    Score {
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
        /// A shipped set id or a TOML file.
        #[arg(long)]
        targets: String,
        /// Units to score (comma separated); default: the set's own unit.
        #[arg(long, value_delimiter = ',')]
        units: Option<Vec<String>>,
        /// Output CSV (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
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

/// A failure: the message and the exit code.
struct Failure(String, u8);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string(), 2)
    }
}

fn io_failure(what: &str, e: impl std::fmt::Display) -> Failure {
    Failure(format!("{what}: {e}"), 1)
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
            raw,
            observations,
            targets,
            units,
            out: path,
        } => {
            let obs = match (raw, observations) {
                (Some(raw), _) => {
                    let table = read_table(&raw, KeyColumn::Component)?;
                    derive(&table, Catalog::builtin(), false)?
                }
                (None, Some(obs)) => read_table(&obs, KeyColumn::Indicator)?,
                (None, None) => unreachable!("clap requires one of --raw, --observations"),
            };
            let set = load_set(&targets)?;
            let options = ScoreOptions {
                units,
                ..ScoreOptions::default()
            };
            let rows = score(&obs, &[set], Catalog::builtin(), &options)?;
            match path {
                Some(p) => {
                    let f =
                        File::create(&p).map_err(|e| io_failure(&p.display().to_string(), e))?;
                    write_scorecard(f, &rows)?;
                }
                None => write_scorecard(out, &rows)?,
            }
        }
    }
    Ok(())
}

fn load_set(arg: &str) -> Result<TargetSet, Failure> {
    if arg.ends_with(".toml") {
        let text = std::fs::read_to_string(arg).map_err(|e| io_failure(arg, e))?;
        Ok(TargetSet::from_toml(&text, arg, Catalog::builtin())?)
    } else {
        Ok(TargetSet::builtin(arg)?)
    }
}

/// Reads a long CSV table; every unreadable cell is reported with its row.
fn read_table(path: &PathBuf, key: KeyColumn) -> Result<Observations, Failure> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(path)
        .map_err(|e| io_failure(&name, e))?;
    let headers = reader.headers().map_err(|e| io_failure(&name, e))?.clone();
    let col = |c: &str| headers.iter().position(|h| h == c);
    let (Some(u), Some(k), Some(y), Some(v)) =
        (col("unit_id"), col(key.name()), col("year"), col("value"))
    else {
        return Err(Failure(
            format!("{name}: needs columns unit_id, {}, year, value", key.name()),
            2,
        ));
    };
    let (source, flag) = (col("source"), col("flag"));
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let r = record.map_err(|e| io_failure(&name, e))?;
        let cell = |j: usize| r.get(j).unwrap_or("").trim();
        let year = match cell(y).parse::<i32>() {
            Ok(y) => y,
            Err(_) => {
                problems.push(format!("row {i}: year '{}' is not a whole year", cell(y)));
                continue;
            }
        };
        let value = match cell(v) {
            "" => None,
            t => match t.parse::<f64>() {
                Ok(x) => Some(x),
                Err(_) => {
                    problems.push(format!("row {i}: value '{t}' is not a number"));
                    continue;
                }
            },
        };
        let text = |j: Option<usize>| j.map(cell).filter(|s| !s.is_empty()).map(str::to_owned);
        rows.push(Observation {
            unit_id: cell(u).to_owned(),
            indicator: cell(k).to_owned(),
            year,
            value,
            source: text(source),
            flag: text(flag),
        });
    }
    if !problems.is_empty() {
        return Err(Failure(format!("{name}:\n  {}", problems.join("\n  ")), 2));
    }
    Ok(Observations::with_key(rows, key)?)
}

fn write_scorecard(w: impl Write, rows: &[ScoreRow]) -> Result<(), Failure> {
    let mut out = csv::Writer::from_writer(w);
    let fail = |e: csv::Error| io_failure("scorecard", e);
    out.write_record([
        "unit_id",
        "set_id",
        "target_id",
        "indicator",
        "kind",
        "latest_year",
        "latest_value",
        "target_value",
        "target_year",
        "status",
        "status_vi",
        "score",
        "year_met",
        "note",
    ])
    .map_err(fail)?;
    let num = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x}"));
    for r in rows {
        out.write_record([
            r.unit_id.clone(),
            r.set_id.clone(),
            r.target_id.clone(),
            r.indicator.clone().unwrap_or_default(),
            r.kind.to_owned(),
            r.latest.map_or(String::new(), |p| p.year.to_string()),
            num(r.latest.map(|p| p.value)),
            num(r.target_value),
            r.target_year.to_string(),
            r.status.code().to_owned(),
            r.status.label_vi().to_owned(),
            num(r.score),
            r.year_met.map_or(String::new(), |y| y.to_string()),
            r.note.clone().unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    out.flush().map_err(|e| io_failure("scorecard", e))
}
