//! The Excel workbook: one sheet per plan (status cells filled with the status colour and
//! marked with its symbol), a sheet of citations and a legend.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{citation_columns, Report, ReportError, ReportRow, CITATION_COLUMNS};
use crate::progress::Status;
use crate::vocabulary::{Heading, Lang};

/// A cell of a plan sheet.
enum Cell {
    Text(String),
    Number(Option<f64>),
    /// A year (shown without separators or decimals).
    Year(Option<i32>),
    /// A probability (shown as a percentage).
    Share(Option<f64>),
    Status(Status),
}

/// Columns of a plan sheet: (Vietnamese, English, width, cell of a row). Spreadsheets get
/// years and values in separate columns, as numbers, so they can be filtered and charted.
type Column = (Heading, f64, fn(&ReportRow, Lang) -> Cell);

const PLAN_COLUMNS: [Column; 15] = [
    (Heading::Unit, 16.0, |r, l| Cell::Text(r.unit_display(l))),
    (Heading::Indicator, 40.0, |r, l| {
        Cell::Text(r.indicator_name(l))
    }),
    (Heading::Target, 14.0, |r, l| {
        Cell::Text(l.pick(&r.target_vi, &r.target))
    }),
    (Heading::BaseYear, 9.0, |r, _| {
        Cell::Year(r.base.map(|p| p.0))
    }),
    (Heading::BaseValue, 12.0, |r, _| {
        Cell::Number(r.base.map(|p| p.1))
    }),
    (Heading::LatestYear, 9.0, |r, _| {
        Cell::Year(r.latest.map(|p| p.0))
    }),
    (Heading::LatestValue, 12.0, |r, _| {
        Cell::Number(r.latest.map(|p| p.1))
    }),
    (Heading::TargetValue, 12.0, |r, _| {
        Cell::Number(r.target_value)
    }),
    (Heading::TargetYear, 9.0, |r, _| {
        Cell::Year(Some(r.target_year))
    }),
    (Heading::Status, 26.0, |r, _| Cell::Status(r.status)),
    (Heading::ScoreRange, 9.0, |r, _| Cell::Number(r.score)),
    (Heading::ProjectedAtTarget, 12.0, |r, _| {
        Cell::Number(r.projected)
    }),
    (Heading::YearMet, 10.0, |r, _| Cell::Year(r.year_met)),
    (Heading::PMet, 10.0, |r, _| Cell::Share(r.p_met)),
    (Heading::Note, 60.0, |r, l| {
        Cell::Text(r.note.as_ref().map(|n| n.pick(l)).unwrap_or_default())
    }),
];

/// A valid, unique worksheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let keep = 31 - suffix.chars().count();
        let name: String = clean.chars().take(keep).collect::<String>() + &suffix;
        if !taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            taken.push(name.clone());
            return name;
        }
        n += 1;
    }
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xF0F0F0))
        .set_border(FormatBorder::Thin)
}

fn status_format(s: Status) -> Format {
    Format::new()
        .set_background_color(Color::from(s.colour()))
        .set_font_color(Color::from(s.text_colour()))
        .set_border(FormatBorder::Thin)
}

impl Report {
    /// Writes the workbook to `path` (`.xlsx`).
    pub fn write_xlsx(&self, path: impl AsRef<Path>, lang: Lang) -> Result<(), ReportError> {
        let path = path.as_ref();
        let fail = |e: XlsxError| ReportError::Write {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut book = self.workbook(lang).map_err(fail)?;
        book.save(path).map_err(fail)
    }

    /// The workbook as bytes.
    pub fn xlsx_bytes(&self, lang: Lang) -> Result<Vec<u8>, ReportError> {
        let fail = |e: XlsxError| ReportError::Write {
            path: "<buffer>".to_owned(),
            message: e.to_string(),
        };
        self.workbook(lang)
            .map_err(fail)?
            .save_to_buffer()
            .map_err(fail)
    }

    fn workbook(&self, lang: Lang) -> Result<Workbook, XlsxError> {
        let mut book = Workbook::new();
        let mut taken = Vec::new();
        let has_p = self.has_p_met();
        let cols: Vec<&Column> = PLAN_COLUMNS
            .iter()
            .filter(|c| c.0 != Heading::PMet || has_p)
            .collect();
        let header = header_format();
        let title = Format::new().set_bold().set_font_size(14);
        let formats = Formats::new(lang);
        let border = &formats.border;
        for plan in &self.plans {
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name(&plan.id, &mut taken))?;
            sheet.write_string_with_format(0, 0, plan.title(lang), &title)?;
            sheet.write_string(1, 0, plan.byline(lang))?;
            for (j, (heading, width, _)) in cols.iter().copied().enumerate() {
                let j = j as u16;
                sheet.write_string_with_format(3, j, heading.text(lang), &header)?;
                sheet.set_column_width(j, *width)?;
            }
            let mut last = 3;
            for (i, row) in self.plan_rows(&plan.id).enumerate() {
                let r = 4 + i as u32;
                last = r;
                for (j, (_, _, cell)) in cols.iter().copied().enumerate() {
                    write_cell(sheet, r, j as u16, cell(row, lang), lang, &formats)?;
                }
            }
            sheet.set_freeze_panes(4, 2)?;
            sheet.autofilter(3, 0, last, cols.len() as u16 - 1)?;
        }

        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(
            &Heading::Narrative.text(lang).replace(" / ", " - "),
            &mut taken,
        ))?;
        let narrative_cols = [
            (Heading::Set, 24.0),
            (Heading::Unit, 16.0),
            (Heading::Indicator, 40.0),
            (Heading::Paragraph, 110.0),
        ];
        for (j, (heading, width)) in narrative_cols.iter().enumerate() {
            sheet.write_string_with_format(0, j as u16, heading.text(lang), &header)?;
            sheet.set_column_width(j as u16, *width)?;
        }
        let mut r = 1u32;
        for plan in self.narrative(lang).plans {
            for unit in plan.units {
                let summary = [&plan.set_id, &unit.unit, &String::new(), &unit.summary];
                for (j, text) in summary.into_iter().enumerate() {
                    sheet.write_string_with_format(r, j as u16, text.as_str(), &formats.wrap)?;
                }
                r += 1;
                for t in unit.targets {
                    for (j, text) in [&plan.set_id, &unit.unit, &t.heading, &t.text]
                        .into_iter()
                        .enumerate()
                    {
                        sheet.write_string_with_format(
                            r,
                            j as u16,
                            text.as_str(),
                            &formats.wrap,
                        )?;
                    }
                    r += 1;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;

        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(
            &Heading::Citations.text(lang).replace(" / ", " - "),
            &mut taken,
        ))?;
        let citation_cols = citation_columns(lang);
        let widths = citation_cols.iter().map(|h| match h {
            Heading::Set => 24.0,
            Heading::Target => 34.0,
            Heading::Asks => 14.0,
            Heading::Note => 50.0,
            _ => 70.0,
        });
        for (j, (heading, width)) in citation_cols.iter().zip(widths).enumerate() {
            sheet.write_string_with_format(0, j as u16, heading.text(lang), &header)?;
            sheet.set_column_width(j as u16, width)?;
        }
        for (i, c) in self.citations.iter().enumerate() {
            let r = 1 + i as u32;
            let en = if c.provenance.confirmed() {
                c.clause_en.clone()
            } else {
                format!(
                    "{} ({})",
                    c.clause_en,
                    lang.pick(c.provenance.label_vi(), c.provenance.label_en())
                )
            };
            let note = c.note_in(lang);
            let asks = lang.pick(&c.target_vi, &c.target);
            let vi = if lang == Lang::Vi && !c.provenance.confirmed() {
                format!("{} ({})", c.clause_vi, c.provenance.label_vi())
            } else {
                c.clause_vi.clone()
            };
            let texts = [&c.set_id, &c.target_id, &asks, &vi, &en, &note];
            let shown = CITATION_COLUMNS
                .iter()
                .zip(texts)
                .filter(|(h, _)| citation_cols.contains(h))
                .map(|(_, text)| text);
            for (j, text) in shown.enumerate() {
                sheet.write_string_with_format(r, j as u16, text.as_str(), &formats.wrap)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;

        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(
            &Heading::Legend.text(lang).replace(" / ", " - "),
            &mut taken,
        ))?;
        sheet.write_string_with_format(0, 0, Heading::Status.text(lang), &header)?;
        sheet.write_string_with_format(0, 1, Heading::Code.text(lang), &header)?;
        sheet.set_column_width(0, 34.0)?;
        sheet.set_column_width(1, 22.0)?;
        for (i, s) in Status::ALL.into_iter().enumerate() {
            let r = 1 + i as u32;
            write_cell(sheet, r, 0, Cell::Status(s), lang, &formats)?;
            sheet.write_string_with_format(r, 1, s.code(), border)?;
        }
        let methods = lang.pick(
            "Phương pháp đánh giá: Open SDG (Thống kê Canada); điểm từ −5 đến 5.",
            "Method: Open SDG (Statistics Canada); scores from −5 to 5.",
        );
        sheet.write_string(Status::ALL.len() as u32 + 2, 0, methods)?;
        Ok(book)
    }
}

/// Cell formats of the plan sheets: all with a thin border.
struct Formats {
    border: Format,
    wrap: Format,
    /// Values: Excel's General format (no forced decimal point on whole numbers).
    number: Format,
    year: Format,
    share: Format,
}

/// Excel's locale tag for Vietnamese (LCID 0x042A): a Vietnamese workbook's number cells
/// carry it, so Excel shows them with the reader's Vietnamese separators (`1.234,5`).
/// Numbers stay numbers.
const VIETNAMESE: &str = "[$-42A]";

impl Formats {
    fn new(lang: Lang) -> Self {
        let tag = if lang == Lang::Vi { VIETNAMESE } else { "" };
        let border = Format::new().set_border(FormatBorder::Thin);
        Self {
            wrap: border.clone().set_text_wrap(),
            number: border.clone().set_num_format(format!("{tag}General")),
            year: border.clone().set_num_format(format!("{tag}0")),
            share: border.clone().set_num_format(format!("{tag}0%")),
            border,
        }
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    cell: Cell,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let number = |sheet: &mut Worksheet, x: Option<f64>, format: &Format| match x {
        Some(x) if x.is_finite() => sheet.write_number_with_format(r, c, x, format).map(|_| ()),
        _ => sheet.write_blank(r, c, &f.border).map(|_| ()),
    };
    match cell {
        Cell::Text(t) if t.is_empty() => sheet.write_blank(r, c, &f.border).map(|_| ()),
        Cell::Text(t) => sheet.write_string_with_format(r, c, t, &f.wrap).map(|_| ()),
        Cell::Number(x) => number(sheet, x, &f.number),
        Cell::Year(y) => number(sheet, y.map(f64::from), &f.year),
        Cell::Share(p) => number(sheet, p, &f.share),
        Cell::Status(s) => sheet
            .write_string_with_format(
                r,
                c,
                format!("{} {}", s.symbol(), lang.pick(s.label_vi(), s.label_en())),
                &status_format(s),
            )
            .map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = Vec::new();
        let long = "a-very-long-plan-identifier-that-exceeds-excel";
        let a = sheet_name(long, &mut taken);
        let b = sheet_name(long, &mut taken);
        assert_eq!(a.chars().count(), 31);
        assert!(b.ends_with(" (2)") && b.chars().count() == 31 && a != b);
        assert_eq!(sheet_name("a/b:c", &mut taken), "a-b-c");
    }
}
