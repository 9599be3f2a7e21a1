//! The HTTP plumbing both API emulators share: a tiny request/response model, a hyper server
//! loop with graceful shutdown, a request log, and injectable faults (status, delay, drop).
//!
//! An emulator implements [`Handler`]: a synchronous function from [`Request`] to [`Outcome`].
//! Emulators keep their state behind a mutex, so nothing here needs to be async but the socket.

mod faults;
mod log;
mod message;
mod serve;

pub use faults::{Fault, FaultAction, FaultSpec, Faults};
pub use log::{LoggedRequest, RequestLog};
pub use message::{Outcome, Request, Response, percent_decode};
pub use serve::{Handler, Server, serve};
