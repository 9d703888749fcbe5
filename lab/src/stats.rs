//! The statistics every figure goes through, and nothing else: a median with its spread,
//! a ratio with its bracket, the margin a second session adds, and the tie rule.
//!
//! The rule: two figures differ only when their spreads (fastest to slowest repeat) do
//! not overlap and their medians differ by more than the larger of their margins. A
//! point's margin is how far its median moved between two sessions of the same
//! measurement, as a fraction; a point measured once has none.

use std::cmp::Ordering;

/// A figure over a point's repeats: the median, the smallest and the largest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The median (the mean of the two middle values of an even count).
    pub median: f64,
    /// The smallest repeat.
    pub lo: f64,
    /// The largest repeat.
    pub hi: f64,
}

impl Spread {
    /// The spread of `values`; `None` if there are none.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = match n {
            0 => return None,
            _ if n % 2 == 1 => sorted[n / 2],
            _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
        };
        Some(Spread { median, lo: sorted[0], hi: sorted[n - 1] })
    }
}

/// How many times one figure is another, with its bracket: the least it can be (the
/// smallest of the first over the largest of the second) and the most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    /// The medians' ratio.
    pub x: f64,
    /// The least it can be.
    pub lo: f64,
    /// The most.
    pub hi: f64,
}

/// `a` over `b`, with its bracket.
pub fn ratio(a: &Spread, b: &Spread) -> Ratio {
    Ratio { x: a.median / b.median, lo: a.lo / b.hi, hi: a.hi / b.lo }
}

/// How far apart one point's medians came in two sessions, as a fraction of the smaller:
/// the point's margin.
pub fn margin(here: f64, there: f64) -> f64 {
    (here.max(there) / here.min(there)) - 1.0
}

/// Whether `a` is less than `b` (`Less`), more (`Greater`), or neither by the tie rule
/// (`Equal`): their spreads overlap, or their medians are within `margin` of each other.
pub fn compare(a: &Spread, b: &Spread, margin: f64) -> Ordering {
    let overlap = a.lo <= b.hi && b.lo <= a.hi;
    let within = a.median.max(b.median) <= a.median.min(b.median) * (1.0 + margin);
    if overlap || within { Ordering::Equal } else { a.median.total_cmp(&b.median) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(values: &[f64]) -> Spread {
        Spread::of(values).unwrap()
    }

    #[test]
    fn the_median_is_the_middle_and_the_spread_its_ends() {
        assert_eq!(spread(&[3.0, 1.0, 2.0]), Spread { median: 2.0, lo: 1.0, hi: 3.0 });
        assert_eq!(spread(&[4.0, 1.0, 2.0, 3.0]).median, 2.5);
        assert_eq!(Spread::of(&[]), None);
    }

    #[test]
    fn overlapping_spreads_are_a_tie_and_apart_they_are_not() {
        let (slow, fast) = (spread(&[2.0, 2.1, 2.2]), spread(&[1.0, 1.1, 1.2]));
        assert_eq!(compare(&slow, &fast, 0.0), Ordering::Greater);
        assert_eq!(compare(&fast, &slow, 0.0), Ordering::Less);
        // A median 10% apart, but one slow repeat reaches the other's spread.
        let noisy = spread(&[1.1, 1.15, 2.05]);
        assert_eq!(compare(&slow, &noisy, 0.0), Ordering::Equal);
    }

    #[test]
    fn a_margin_turns_a_small_difference_into_a_tie_and_leaves_a_large_one() {
        let (a, b) = (spread(&[1.00, 1.01, 1.02]), spread(&[1.10, 1.11, 1.12]));
        assert_eq!(compare(&a, &b, 0.0), Ordering::Less);
        assert_eq!(compare(&a, &b, 0.05), Ordering::Less, "10% apart, 5% margin");
        assert_eq!(compare(&a, &b, 0.15), Ordering::Equal, "10% apart, 15% margin");
        assert!((margin(1.0, 1.2) - 0.2).abs() < 1e-9 && (margin(1.2, 1.0) - 0.2).abs() < 1e-9);
    }

    #[test]
    fn a_ratio_carries_the_bracket_of_both_figures() {
        let r = ratio(&spread(&[1.0, 1.2, 1.1]), &spread(&[0.5, 0.6, 0.55]));
        assert!((r.x - 2.0).abs() < 1e-9, "{r:?}");
        assert!((r.lo - 1.0 / 0.6).abs() < 1e-9 && (r.hi - 1.2 / 0.5).abs() < 1e-9, "{r:?}");
    }
}
