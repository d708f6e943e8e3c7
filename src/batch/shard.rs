//! Splitting one batch over several machines: `--shard K/N`.

use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// Shard `index` (1-based) of `count`. A file belongs to shard
/// `1 + (h mod count)` where `h` is the first 8 bytes (big-endian) of the
/// SHA-256 of its path text as given. The split is stable across machines
/// and runs as long as every machine is given the same paths.
///
/// ```
/// use xxgk::batch::shard::Shard;
/// let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
/// // every path lands in exactly one shard
/// for p in ["a.pdf", "dir/b.pdf", "c.txt"] {
///     assert_eq!(shards.iter().filter(|s| s.contains(p)).count(), 1);
/// }
/// assert!("0/3".parse::<Shard>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index of this shard, `1..=count`.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl Shard {
    /// Whether the file with this path belongs to this shard.
    pub fn contains(&self, path: &str) -> bool {
        let digest = Sha256::digest(path.as_bytes());
        let mut h = [0u8; 8];
        h.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(h) % self.count == self.index - 1
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("shard {s:?}: expected K/N, e.g. 1/4"))?;
        let index: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("shard {s:?}: K is not a number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("shard {s:?}: N is not a number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {s:?}: need 1 <= K <= N"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}
