//! The KEP index: every kep.yaml, PRR approval and README section of a kubernetes/enhancements tree.

pub mod cli;
