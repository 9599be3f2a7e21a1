//! Unit tests of the undo planner.
