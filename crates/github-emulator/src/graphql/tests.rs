//! GraphQL emulator tests.
