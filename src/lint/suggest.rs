//! "Did you mean" suggestions: a small edit distance over candidate names.

/// Edit distance in characters (insertions, deletions, substitutions and swaps of two
/// neighbours, so `Dnoe` is one edit from `Done`), or `None` once it exceeds `limit`.
#[must_use]
pub fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j - 1] + cost)
                .min(rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
    }
    // Row 1 holds the initial row when `a` is empty.
    let last = if a.is_empty() { 1 } else { a.len() % 3 };
    let d = rows[last][b.len()];
    (d <= limit).then_some(d)
}

/// The closest candidate to `target`: a case-insensitive match, else the one with the
/// smallest edit distance within a third of the length (at least 1, at most 3).
pub fn closest<'a>(target: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (target.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == target {
            continue;
        }
        let d = if c.eq_ignore_ascii_case(target) {
            0
        } else {
            match edit_distance(target, c, limit) {
                Some(d) => d,
                None => continue,
            }
        };
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `did you mean `X`?`, if a candidate is close.
pub fn did_you_mean<'a>(
    target: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(target, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting", 5), Some(3));
        assert_eq!(edit_distance("abc", "abc", 0), Some(0));
        assert_eq!(edit_distance("abc", "abcdef", 2), None);
        assert_eq!(edit_distance("Täsk", "Task", 1), Some(1));
        assert_eq!(edit_distance("Dnoe", "Done", 1), Some(1));
        assert_eq!(edit_distance("", "ab", 2), Some(2));
    }

    #[test]
    fn suggestions() {
        let names = ["ProcessOrder", "SendEmail", "Done"];
        assert_eq!(closest("ProcesOrder", names), Some("ProcessOrder"));
        assert_eq!(closest("done", names), Some("Done"));
        assert_eq!(closest("Zzzzzz", names), None);
    }
}
