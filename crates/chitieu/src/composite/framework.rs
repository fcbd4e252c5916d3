//! The framework: a tree of indicators and aggregates with directions and weights (COINr's `iMeta`).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::{invalid, CompositeError, FrameworkProblem};

/// Whether higher values of an indicator are better.
///
/// ```
/// use chitieu::composite::Polarity;
/// assert_eq!(Polarity::from_sign(-1), Some(Polarity::Negative));
/// assert_eq!(Polarity::from_sign(0), None);
/// assert_eq!(Polarity::Negative.sign(), -1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher is better (COINr direction 1).
    #[default]
    Positive,
    /// Lower is better (COINr direction −1).
    Negative,
}

impl Polarity {
    /// From COINr's direction: 1 or −1.
    pub fn from_sign(sign: i8) -> Option<Self> {
        match sign {
            1 => Some(Self::Positive),
            -1 => Some(Self::Negative),
            _ => None,
        }
    }

    /// +1.0 or −1.0.
    pub fn sign(self) -> f64 {
        match self {
            Self::Positive => 1.0,
            Self::Negative => -1.0,
        }
    }
}

/// Indicator or aggregate (COINr's `Type`; `Group`/`Denominator` rows are not part of the tree).
///
/// ```
/// use chitieu::composite::NodeType;
/// assert_eq!("Aggregate".parse::<NodeType>().unwrap(), NodeType::Aggregate);
/// assert!("Group".parse::<NodeType>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NodeType {
    /// A measured indicator (level 1).
    Indicator,
    /// An aggregate of its children (level ≥ 2).
    Aggregate,
}

impl FromStr for NodeType {
    type Err = CompositeError;

    /// `indicator` or `aggregate`, any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "indicator" => Ok(Self::Indicator),
            "aggregate" => Ok(Self::Aggregate),
            _ => Err(invalid("node type", s, "'Indicator' or 'Aggregate'")),
        }
    }
}

/// One row of a framework, as in COINr's `iMeta`.
///
/// ```
/// use chitieu::composite::{FrameworkRow, NodeType};
/// let r = FrameworkRow::indicator("Flights", "Physical", 1.0, 1).with_denominator("Den_Pop");
/// assert_eq!((r.level, r.node_type), (1, NodeType::Indicator));
/// assert_eq!(r.denominator.as_deref(), Some("Den_Pop"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkRow {
    /// Level: 1 for indicators, higher for aggregates.
    pub level: u32,
    /// Code (`iCode`).
    pub code: String,
    /// Direction: 1 (higher is better) or −1; ignored for aggregates.
    pub direction: i8,
    /// Weight within its parent, > 0.
    pub weight: f64,
    /// Parent aggregate; `None` (or empty) only for the index.
    pub parent: Option<String>,
    /// Indicator or aggregate.
    pub node_type: NodeType,
    /// Denominator column (in the denominators table) the raw indicator is divided by.
    pub denominator: Option<String>,
    /// Target, for [`Normalisation::DistToTarget`](super::Normalisation::DistToTarget).
    pub target: Option<f64>,
    /// `(low, high)` goalposts, for [`Normalisation::Goalposts`](super::Normalisation::Goalposts).
    pub goalposts: Option<(f64, f64)>,
}

impl FrameworkRow {
    /// An indicator (level 1) under `parent`.
    pub fn indicator(code: &str, parent: &str, weight: f64, direction: i8) -> Self {
        Self {
            level: 1,
            code: code.to_owned(),
            direction,
            weight,
            parent: Some(parent.to_owned()),
            node_type: NodeType::Indicator,
            denominator: None,
            target: None,
            goalposts: None,
        }
    }

    /// An aggregate at `level` under `parent` (`None` for the index).
    pub fn aggregate(code: &str, level: u32, parent: Option<&str>, weight: f64) -> Self {
        Self {
            level,
            code: code.to_owned(),
            direction: 1,
            weight,
            parent: parent.map(str::to_owned),
            node_type: NodeType::Aggregate,
            denominator: None,
            target: None,
            goalposts: None,
        }
    }

    /// Sets the denominator column.
    pub fn with_denominator(mut self, denominator: &str) -> Self {
        self.denominator = Some(denominator.to_owned());
        self
    }

    /// Sets the target.
    pub fn with_target(mut self, target: f64) -> Self {
        self.target = Some(target);
        self
    }

    /// Sets the goalposts.
    pub fn with_goalposts(mut self, low: f64, high: f64) -> Self {
        self.goalposts = Some((low, high));
        self
    }
}

/// A validated node of a [`Framework`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Node {
    /// Code.
    pub code: String,
    /// Level (1 = indicator).
    pub level: u32,
    /// Indicator or aggregate.
    pub node_type: NodeType,
    /// Parent code (`None` for the index).
    pub parent: Option<String>,
    /// Weight within its parent.
    pub weight: f64,
    /// Direction (always positive for aggregates).
    pub polarity: Polarity,
    /// Denominator column.
    pub denominator: Option<String>,
    /// Target.
    pub target: Option<f64>,
    /// Goalposts `(low, high)`.
    pub goalposts: Option<(f64, f64)>,
    /// Children codes, in row order.
    pub children: Vec<String>,
}

/// A validated tree: indicators → aggregates → … → one index.
///
/// ```
/// use chitieu::composite::{CompositeError, Framework, FrameworkProblem, FrameworkRow};
/// let fw = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "P", 1.0, 1),
///     FrameworkRow::indicator("y", "P", 2.0, -1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ])?;
/// assert_eq!(fw.root(), "P");
/// assert_eq!(fw.indicator_codes(), ["x", "y"]);
/// assert_eq!(fw.node("P").unwrap().children, ["x", "y"]);
///
/// // Every problem is reported.
/// let err = Framework::from_rows(&[
///     FrameworkRow::indicator("x", "Q", 0.0, 1),
///     FrameworkRow::aggregate("P", 2, None, 1.0),
/// ]).unwrap_err();
/// let CompositeError::InvalidFramework { problems } = err else { panic!() };
/// assert!(problems.contains(&FrameworkProblem::UnknownParent { code: "x".into(), parent: "Q".into() }));
/// assert!(problems.contains(&FrameworkProblem::EmptyAggregate { code: "P".into() }));
/// assert!(problems.iter().any(|p| matches!(p, FrameworkProblem::InvalidWeight { .. })));
/// # Ok::<(), CompositeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framework {
    pub(super) nodes: Vec<Node>,
    #[serde(skip)]
    pub(super) parent: Vec<Option<usize>>,
    #[serde(skip)]
    pub(super) children: Vec<Vec<usize>>,
    #[serde(skip)]
    pub(super) indicators: Vec<usize>,
    #[serde(skip)]
    pub(super) aggregates: Vec<usize>,
    #[serde(skip)]
    pub(super) root: usize,
}

impl Framework {
    /// Builds and validates a framework, collecting every problem: empty or duplicate codes,
    /// weights ≤ 0 or not finite, directions other than ±1, indicators not at level 1 or
    /// aggregates below 2, parents not defined (orphans) or that are indicators, indicators
    /// without a parent, aggregates without children, cycles, parents not above their
    /// children's level, invalid targets or goalposts, and anything but exactly one index.
    pub fn from_rows(rows: &[FrameworkRow]) -> Result<Self, CompositeError> {
        use FrameworkProblem as P;
        let mut problems = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut kept: Vec<&FrameworkRow> = Vec::new();
        let mut dup_reported = HashSet::new();
        for (i, r) in rows.iter().enumerate() {
            if r.code.trim().is_empty() {
                problems.push(P::EmptyCode { row: i });
            } else if index.contains_key(r.code.as_str()) {
                if dup_reported.insert(r.code.as_str()) {
                    problems.push(P::DuplicateCode {
                        code: r.code.clone(),
                    });
                }
            } else {
                index.insert(&r.code, kept.len());
                kept.push(r);
            }
        }
        for r in &kept {
            if !(r.weight.is_finite() && r.weight > 0.0) {
                problems.push(P::InvalidWeight {
                    code: r.code.clone(),
                    weight: r.weight,
                });
            }
            match r.node_type {
                NodeType::Indicator => {
                    if Polarity::from_sign(r.direction).is_none() {
                        problems.push(P::InvalidDirection {
                            code: r.code.clone(),
                            direction: r.direction,
                        });
                    }
                    if r.level != 1 {
                        problems.push(P::InvalidLevel {
                            code: r.code.clone(),
                            level: r.level,
                            expected: "1 for an indicator",
                        });
                    }
                }
                NodeType::Aggregate => {
                    if r.level < 2 {
                        problems.push(P::InvalidLevel {
                            code: r.code.clone(),
                            level: r.level,
                            expected: "at least 2 for an aggregate",
                        });
                    }
                }
            }
            if let Some(t) = r.target {
                if !t.is_finite() {
                    problems.push(P::InvalidTarget {
                        code: r.code.clone(),
                        value: t,
                    });
                }
            }
            if let Some((low, high)) = r.goalposts {
                if !(low.is_finite() && high.is_finite() && low < high) {
                    problems.push(P::InvalidGoalposts {
                        code: r.code.clone(),
                        low,
                        high,
                    });
                }
            }
        }
        let n = kept.len();
        let mut parent: Vec<Option<usize>> = vec![None; n];
        let mut roots = Vec::new();
        for (k, r) in kept.iter().enumerate() {
            let p = r.parent.as_deref().map(str::trim).filter(|p| !p.is_empty());
            match p {
                None => match r.node_type {
                    NodeType::Indicator => problems.push(P::MissingParent {
                        code: r.code.clone(),
                    }),
                    NodeType::Aggregate => roots.push(k),
                },
                Some(p) => match index.get(p) {
                    None => problems.push(P::UnknownParent {
                        code: r.code.clone(),
                        parent: p.to_owned(),
                    }),
                    Some(&j) if kept[j].node_type == NodeType::Indicator => {
                        problems.push(P::ParentIsIndicator {
                            code: r.code.clone(),
                            parent: p.to_owned(),
                        })
                    }
                    Some(&j) => parent[k] = Some(j),
                },
            }
        }
        // Cycles: walk up from every node; a node met again on the current path closes a cycle.
        let mut state = vec![0u8; n];
        let mut in_cycle = vec![false; n];
        for start in 0..n {
            let mut path: Vec<usize> = Vec::new();
            let mut cur = Some(start);
            while let Some(c) = cur {
                match state[c] {
                    2 => break,
                    1 => {
                        let pos = path.iter().position(|&x| x == c).unwrap_or(0);
                        for &x in &path[pos..] {
                            in_cycle[x] = true;
                        }
                        problems.push(P::Cycle {
                            codes: path[pos..].iter().map(|&x| kept[x].code.clone()).collect(),
                        });
                        break;
                    }
                    _ => {
                        state[c] = 1;
                        path.push(c);
                        cur = parent[c];
                    }
                }
            }
            for &x in &path {
                state[x] = 2;
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, p) in parent.iter().enumerate() {
            if let Some(j) = *p {
                children[j].push(k);
                if !in_cycle[k] && !in_cycle[j] && kept[j].level <= kept[k].level {
                    problems.push(P::LevelOrder {
                        code: kept[k].code.clone(),
                        level: kept[k].level,
                        parent: kept[j].code.clone(),
                        parent_level: kept[j].level,
                    });
                }
            }
        }
        for (k, r) in kept.iter().enumerate() {
            if r.node_type == NodeType::Aggregate && children[k].is_empty() {
                problems.push(P::EmptyAggregate {
                    code: r.code.clone(),
                });
            }
        }
        if !kept.iter().any(|r| r.node_type == NodeType::Indicator) {
            problems.push(P::NoIndicators);
        }
        match roots.len() {
            0 => problems.push(P::NoRoot),
            1 => {}
            _ => problems.push(P::MultipleRoots {
                codes: roots.iter().map(|&k| kept[k].code.clone()).collect(),
            }),
        }
        if !problems.is_empty() {
            return Err(CompositeError::InvalidFramework { problems });
        }
        let nodes: Vec<Node> = kept
            .iter()
            .enumerate()
            .map(|(k, r)| Node {
                code: r.code.clone(),
                level: r.level,
                node_type: r.node_type,
                parent: parent[k].map(|j| kept[j].code.clone()),
                weight: r.weight,
                polarity: match r.node_type {
                    NodeType::Indicator => {
                        Polarity::from_sign(r.direction).unwrap_or(Polarity::Positive)
                    }
                    NodeType::Aggregate => Polarity::Positive,
                },
                denominator: r.denominator.clone().filter(|d| !d.trim().is_empty()),
                target: r.target,
                goalposts: r.goalposts,
                children: children[k].iter().map(|&c| kept[c].code.clone()).collect(),
            })
            .collect();
        let indicators = (0..n)
            .filter(|&k| nodes[k].node_type == NodeType::Indicator)
            .collect();
        let mut aggregates: Vec<usize> = (0..n)
            .filter(|&k| nodes[k].node_type == NodeType::Aggregate)
            .collect();
        aggregates.sort_by_key(|&k| (nodes[k].level, k));
        Ok(Self {
            nodes,
            parent,
            children,
            indicators,
            aggregates,
            root: roots[0],
        })
    }

    /// The same framework with some weights replaced; unknown codes and invalid weights are
    /// all reported.
    ///
    /// ```
    /// use chitieu::composite::{Framework, FrameworkRow};
    /// let fw = Framework::from_rows(&[FrameworkRow::indicator("x", "P", 1.0, 1),
    ///                                 FrameworkRow::aggregate("P", 2, None, 1.0)])?;
    /// assert_eq!(fw.with_weights(&[("x", 3.0)])?.node("x").unwrap().weight, 3.0);
    /// assert!(fw.with_weights(&[("z", 1.0), ("x", -1.0)]).is_err());
    /// # Ok::<(), chitieu::composite::CompositeError>(())
    /// ```
    pub fn with_weights(&self, weights: &[(&str, f64)]) -> Result<Self, CompositeError> {
        let mut out = self.clone();
        let mut problems = Vec::new();
        for &(code, w) in weights {
            match out.position(code) {
                None => problems.push(FrameworkProblem::UnknownCode {
                    code: code.to_owned(),
                }),
                Some(_) if !(w.is_finite() && w > 0.0) => {
                    problems.push(FrameworkProblem::InvalidWeight {
                        code: code.to_owned(),
                        weight: w,
                    })
                }
                Some(k) => out.nodes[k].weight = w,
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(CompositeError::InvalidFramework { problems })
        }
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.code == code)
    }

    /// All nodes, in row order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node of `code`.
    pub fn node(&self, code: &str) -> Option<&Node> {
        self.position(code).map(|k| &self.nodes[k])
    }

    /// Indicator codes, in row order (the column order of the stage matrices).
    pub fn indicator_codes(&self) -> Vec<&str> {
        self.indicators
            .iter()
            .map(|&k| self.nodes[k].code.as_str())
            .collect()
    }

    /// Aggregate codes in aggregation order: by level, then row order; the index last.
    pub fn aggregate_codes(&self) -> Vec<&str> {
        self.aggregates
            .iter()
            .map(|&k| self.nodes[k].code.as_str())
            .collect()
    }

    /// The index (the aggregate without parent).
    pub fn root(&self) -> &str {
        &self.nodes[self.root].code
    }

    pub(super) fn indicator_nodes(&self) -> impl Iterator<Item = &Node> {
        self.indicators.iter().map(|&k| &self.nodes[k])
    }
}
