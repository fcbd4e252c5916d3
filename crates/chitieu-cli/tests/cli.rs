//! The `chitieu` executable on the bundled demo data: outputs and exit codes.

use std::path::PathBuf;
use std::process::Command;

fn chitieu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chitieu"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn demo(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data")
        .join(file)
        .display()
        .to_string()
}

#[test]
fn catalog_and_targets() {
    let out = chitieu(&["catalog"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("researchers_per_10k\tSố người làm nghiên cứu khoa học trên một vạn dân"));
    let list = String::from_utf8(chitieu(&["targets", "list"]).stdout).unwrap();
    assert_eq!(list.lines().count(), 7);
    let show =
        String::from_utf8(chitieu(&["targets", "show", "quang-tri-43-kh-skhcn-2023"]).stdout)
            .unwrap();
    assert!(show.contains("between 70 and 80 by 2030"));
}

#[test]
fn score_the_demo_panel() {
    let out = chitieu(&[
        "score",
        "--raw",
        &demo("demo_raw_panel.csv"),
        "--targets",
        "lai-chau-69-kl-tw-2024",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("unit_id,unit_vi,unit_en,set_id,target_id"));
    assert_eq!(lines.len(), 1 + 11); // Lai Châu's 11 targets
    assert!(text.contains(
        "lai-chau,Lai Châu,Lai Chau,lai-chau-69-kl-tw-2024,lai-chau-69-kl-tw-2024/researchers"
    ));
}

#[test]
fn report_writes_the_narrative() {
    let out = chitieu(&[
        "report",
        "--raw",
        &demo("demo_raw_panel.csv"),
        "--targets",
        "lai-chau-69-kl-tw-2024",
        "--quiet",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# Chương trình hành động"), "{text}");
    assert!(text.contains("## Lai Châu") && text.contains("Kế hoạch có 11 mục tiêu"));
    let en = chitieu(&[
        "report",
        "--raw",
        &demo("demo_raw_panel.csv"),
        "--targets",
        "lai-chau-69-kl-tw-2024",
        "--lang",
        "en",
        "--out",
        "narrative.csv",
    ]);
    assert_eq!(en.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&en.stderr).contains("the report is .md, .html or .xlsx"));
}

#[test]
fn bad_input_gives_exit_code_2_and_reasons() {
    let out = chitieu(&[
        "score",
        "--raw",
        &demo("demo_raw_panel.csv"),
        "--targets",
        "lai-chau",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean 'lai-chau-69-kl-tw-2024'"));
    let dir = std::env::temp_dir().join(format!("chitieu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "# a comment line\nunit_id,indicator,year,value\nlai-chau,x,2023-2024,1\nlai-chau,x,2024,\"1,5\"\n",
    )
    .unwrap();
    let out = chitieu(&[
        "score",
        "--observations",
        bad.to_str().unwrap(),
        "--targets",
        "lai-chau-69-kl-tw-2024",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // Every problem of the file at once, each with its row, and a hint for the comma.
    assert!(err.contains("2 validation errors"), "{err}");
    assert!(err.contains("2023-2024") && err.contains("1,5"), "{err}");
    // Rows are the file's line numbers (after a comment and the header: lines 3 and 4).
    assert!(err.contains("rows are line numbers of the file"), "{err}");
    assert!(
        err.contains("row 3, column 'year'") && err.contains("row 4"),
        "{err}"
    );
    assert!(
        err.contains("hint: values like '1,5' use a decimal comma"),
        "{err}"
    );
    // A missing file is invalid input too.
    let out = chitieu(&[
        "score",
        "--observations",
        dir.join("missing.csv").to_str().unwrap(),
        "--targets",
        "lai-chau-69-kl-tw-2024",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn semicolons_and_decimal_commas_are_hinted_and_read() {
    let dir = temp_dir("semicolons");
    let file = dir.join("semi.csv");
    std::fs::write(
        &file,
        "unit_id;indicator;year;value\nlai-chau;researchers_per_10k;2020;4,5\nlai-chau;researchers_per_10k;2023;6,5\n",
    )
    .unwrap();
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "score".to_owned(),
            "--observations".to_owned(),
            file.to_str().unwrap().to_owned(),
            "--targets".to_owned(),
            "lai-chau-69-kl-tw-2024".to_owned(),
            "--quiet".to_owned(),
        ];
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        chitieu(&refs)
    };
    let out = run(args(&[]));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("looks separated by semicolons: pass --delimiter ';'"),
        "{err}"
    );
    let out = run(args(&["--delimiter", ";"]));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pass --decimal-comma"), "{err}");
    let out = run(args(&["--delimiter", ";", "--decimal-comma"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(",6.5,"), "{text}");
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chitieu-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn writes_parquet_excel_and_html_by_extension() {
    let dir = temp_dir("formats");
    let score_to = |file: &str, lang: &str| {
        let path = dir.join(file);
        let out = chitieu(&[
            "score",
            "--raw",
            &demo("demo_raw_panel.csv"),
            "--targets",
            "lai-chau-69-kl-tw-2024",
            "--lang",
            lang,
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Standard error is not a terminal here: no progress bar is drawn.
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(path).unwrap()
    };
    let parquet = score_to("card.parquet", "both");
    assert_eq!(&parquet[..4], b"PAR1");
    assert_eq!(&parquet[parquet.len() - 4..], b"PAR1");
    let xlsx = score_to("card.xlsx", "vi");
    assert_eq!(&xlsx[..2], b"PK");
    let html = String::from_utf8(score_to("card.html", "en")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"en\">"));
    assert!(html.contains("Researchers per 10,000 population") && !html.contains("Trạng thái"));
    assert_eq!(html.matches("<td class=\"status ").count(), 11);
    let csv = String::from_utf8(score_to("card.csv", "both")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 11);
    assert!(csv.lines().next().unwrap().contains("status_vi"));
}

#[test]
fn unknown_output_format_is_refused_before_scoring() {
    let out = chitieu(&[
        "score",
        "--raw",
        "/nonexistent.csv",
        "--targets",
        "lai-chau-69-kl-tw-2024",
        "--out",
        "card.ods",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("card.ods: unknown format"), "{err}");
}
