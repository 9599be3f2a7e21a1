//! The request and response values handlers see: bodies already collected, queries decoded.

use bytes::Bytes;
use http::{HeaderMap, Method};
use serde::Serialize;
use std::time::Duration;

/// One HTTP request, fully read.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The path exactly as sent (still percent-encoded).
    pub raw_path: String,
    /// The path percent-decoded.
    pub path: String,
    /// Query parameters in order, percent-decoded (`+` is a space).
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Request {
    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of query parameter `name` (for repeated parameters such as `ranges`).
    pub fn query_params<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.query
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A request header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON (an empty body reads as `null`).
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        if self.body.is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_slice(&self.body)
    }

    /// Builds a request from parts (used by tests and by the server loop).
    pub fn new(method: Method, path_and_query: &str, headers: HeaderMap, body: Bytes) -> Self {
        let (raw_path, raw_query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let query = raw_query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (
                    percent_decode(&k.replace('+', " ")),
                    percent_decode(&v.replace('+', " ")),
                )
            })
            .collect();
        Request {
            method,
            raw_path: raw_path.to_string(),
            path: percent_decode(raw_path),
            query,
            headers,
            body,
        }
    }
}

/// One HTTP response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl Response {
    /// A response with a body and no headers.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A JSON response, pretty-printed the way Google and GitHub send most bodies.
    pub fn json(status: u16, value: &impl Serialize) -> Self {
        let body = serde_json::to_vec_pretty(value).unwrap_or_else(|_| b"null".to_vec());
        Response::new(status, body).header("content-type", "application/json; charset=UTF-8")
    }

    /// A response with no body (204, 304).
    pub fn empty(status: u16) -> Self {
        Response::new(status, Bytes::new())
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The value of header `name` (case-insensitive), if set.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Answer at once.
    Respond(Response),
    /// Wait, then answer (a slow server; long enough, a client time-out).
    Delay(Duration, Response),
    /// Close the connection without answering.
    Drop,
}

impl From<Response> for Outcome {
    fn from(r: Response) -> Self {
        Outcome::Respond(r)
    }
}

/// Percent-decodes `s`; invalid escapes and non-UTF-8 results are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2]))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_keeps_bad_ones() {
        assert_eq!(percent_decode("Sheet%201!A1"), "Sheet 1!A1");
        assert_eq!(percent_decode("%F0%9F%8C%B5"), "🌵");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%é1"), "%é1");
    }

    #[test]
    fn splits_query_and_decodes_plus() {
        let r = Request::new(
            Method::GET,
            "/a%20b?x=1&ranges=A+B&ranges=C%21D&flag",
            HeaderMap::new(),
            Bytes::new(),
        );
        assert_eq!(r.path, "/a b");
        assert_eq!(r.raw_path, "/a%20b");
        assert_eq!(r.query_param("x"), Some("1"));
        assert_eq!(r.query_params("ranges").collect::<Vec<_>>(), ["A B", "C!D"]);
        assert_eq!(r.query_param("flag"), Some(""));
    }
}
