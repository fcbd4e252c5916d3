//! Seeded pseudo-random numbers (xoshiro256++ seeded by SplitMix64), stable across platforms.

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The xoshiro256** 1.0 generator (Blackman & Vigna, 2018; public domain reference code),
/// used so that the Monte Carlo needs no external crate and its streams are fixed forever.
///
/// * [`Xoshiro256::from_seed`] fills the 256-bit state with four outputs of SplitMix64
///   started at `seed` (the seeding the authors recommend).
/// * [`Xoshiro256::for_replication`] gives replication `r` of a run seeded `seed` its own
///   stream: `from_seed(mix64(seed ^ mix64(r + γ)))`, `γ` = 0x9E3779B97F4A7C15,
///   `mix64` = SplitMix64's finaliser. It depends only on `(seed, r)`, never on threads.
/// * [`Xoshiro256::next_f64`] = top 53 bits / 2⁵³, uniform on `[0, 1)`.
///
/// ```
/// use chitieu::composite::Xoshiro256;
/// // Reference outputs of xoshiro256** from the state [1, 2, 3, 4].
/// let mut g = Xoshiro256::from_state([1, 2, 3, 4]);
/// assert_eq!([g.next_u64(), g.next_u64(), g.next_u64()], [11520, 0, 1509978240]);
/// let mut a = Xoshiro256::for_replication(42, 7);
/// let mut b = Xoshiro256::for_replication(42, 7);
/// assert_eq!(a.next_f64(), b.next_f64());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xoshiro256 {
    s: [u64; 4],
}

impl Xoshiro256 {
    /// From a raw state (must not be all zero; an all-zero state is replaced by `from_seed(0)`).
    pub fn from_state(s: [u64; 4]) -> Self {
        if s == [0; 4] {
            Self::from_seed(0)
        } else {
            Self { s }
        }
    }

    /// Seeded through SplitMix64.
    pub fn from_seed(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(GOLDEN_GAMMA);
            mix64(x)
        };
        Self {
            s: [next(), next(), next(), next()],
        }
    }

    /// The stream of replication `replication` of a run seeded `seed`.
    pub fn for_replication(seed: u64, replication: u64) -> Self {
        Self::from_seed(mix64(seed ^ mix64(replication.wrapping_add(GOLDEN_GAMMA))))
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on `[0, 1)` with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform index in `0..n` (`n ≥ 1`): `⌊u·n⌋`.
    pub fn next_index(&mut self, n: usize) -> usize {
        ((self.next_f64() * n as f64) as usize).min(n.saturating_sub(1))
    }
}
