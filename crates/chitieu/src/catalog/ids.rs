//! Ids: the snake_case rule, the folded form that near matches compare, and "did you mean" hints.

/// "; did you mean 'x'?" for the closest of `candidates`, if close enough (an id that
/// starts with `id` counts as close).
pub(crate) fn did_you_mean<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    nearest_id(id, candidates).map_or_else(String::new, |c| format!("; did you mean '{c}'?"))
}

/// The candidate closest to `id` (see [`did_you_mean`]), if one is close enough.
pub(crate) fn nearest_id<'a>(
    id: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted = loose(id);
    candidates
        .filter(|c| *c != id)
        .map(|c| {
            // The same id but for case, spaces, dashes or underscores: the best match.
            if loose(c) == wanted {
                return (2.0, c);
            }
            let prefix = !id.is_empty() && c.starts_with(id);
            let score = strsim::normalized_damerau_levenshtein(id, c);
            (if prefix { score.max(0.7) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// An id folded for comparison only: trimmed, lower case, every dash, underscore or space
/// (including Unicode hyphens and the minus sign) as '-'.
pub(crate) fn loose(id: &str) -> String {
    id.trim()
        .chars()
        // Zero-width spaces and joiners, and the byte-order mark, are invisible: drop them.
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'))
        .map(|c| match c {
            // Full-width forms (an East Asian input method) as their ASCII letters.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .map(|c| match c {
            '_' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00a0}' => '-',
            c if c.is_whitespace() => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn is_snake_id(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
