//! Did-you-mean for misspelled keywords and path variables.
//!
//! A twenty-line edit distance is enough for lists of a dozen short words, and keeps
//! the macro crate to syn/quote/proc-macro2 (every dependency of a proc-macro crate
//! is compiled before the first user crate that uses it).

/// The closest candidate to `typo`, if it is close enough to be a likely misspelling.
///
/// "Close enough" grows with the word: one edit for short words, up to a third of
/// the length for long ones, so `frsh` finds `fresh` but `foo` finds nothing.
pub(crate) fn closest<'a, I>(typo: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let typo = typo.to_lowercase();
    let limit = (typo.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(&typo, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions,
/// because `frehs` for `fresh` is one slip of the fingers, not two.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j] = distance between a[..i] and b[..j]
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &[&str] = &[
        "refresh", "fresh", "optional", "any_type", "claims", "scope",
    ];

    #[test]
    fn finds_typos() {
        assert_eq!(closest("frsh", WORDS.iter().copied()), Some("fresh"));
        assert_eq!(closest("frehs", WORDS.iter().copied()), Some("fresh"));
        assert_eq!(closest("claim", WORDS.iter().copied()), Some("claims"));
        assert_eq!(closest("scopes", WORDS.iter().copied()), Some("scope"));
        assert_eq!(closest("optinal", WORDS.iter().copied()), Some("optional"));
        assert_eq!(closest("Fresh", WORDS.iter().copied()), Some("fresh"));
    }

    #[test]
    fn ignores_unrelated_words() {
        assert_eq!(closest("foo", WORDS.iter().copied()), None);
        assert_eq!(closest("admin", WORDS.iter().copied()), None);
        assert_eq!(closest("", WORDS.iter().copied()), None);
    }

    #[test]
    fn distance_basics() {
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("ab", "ba"), 1);
    }
}
