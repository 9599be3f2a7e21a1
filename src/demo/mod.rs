//! The built-in sample `kepsync demo` runs on, and the terminal table it prints.

pub mod sample;
pub mod table;
