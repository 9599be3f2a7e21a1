//! `/_emulator/` control endpoints (load, dump, request counts, faults, quotas) and the OAuth
//! token endpoint service-account clients call (`POST /token`).

use crate::{SheetsEmulator, TokenGrant};
use emulator_kit::{FaultSpec, Request, Response, percent_decode};
use http::Method;
use serde_json::{Value, json};

fn error(status: u16, message: impl Into<String>) -> Response {
    Response::json(status, &json!({"error": message.into()}))
}

/// Answers a `/_emulator/…` request.
pub fn handle(emu: &SheetsEmulator, req: &Request) -> Response {
    let path = req.path.trim_start_matches("/_emulator/");
    match (&req.method, path) {
        (&Method::GET, "requests") => {
            let counts = emu.counts();
            let log = emu.log().entries();
            Response::json(
                200,
                &json!({"reads": counts.reads, "writes": counts.writes, "log": log}),
            )
        }
        (&Method::POST, "requests/reset") => {
            emu.reset_requests();
            Response::json(200, &json!({}))
        }
        (&Method::POST, "faults") => add_faults(emu, req),
        (&Method::DELETE, "faults") => {
            emu.faults().clear();
            Response::json(200, &json!({}))
        }
        (&Method::POST, "quota") => match req.json().ok().and_then(|v| v.get("enabled")?.as_bool())
        {
            Some(on) => {
                emu.set_quota(on);
                Response::json(200, &json!({"enabled": on}))
            }
            None => error(400, "body must be {\"enabled\": true|false}"),
        },
        (&Method::GET, "tokens") => Response::json(200, &emu.token_grants()),
        (m, p) if p.starts_with("spreadsheets/") => {
            spreadsheet(emu, m, req, &p["spreadsheets/".len()..])
        }
        _ => error(
            404,
            format!("no control endpoint {} {}", req.method, req.path),
        ),
    }
}

fn add_faults(emu: &SheetsEmulator, req: &Request) -> Response {
    let body = match req.json() {
        Ok(v) => v,
        Err(e) => return error(400, format!("faults body is not JSON: {e}")),
    };
    let specs: Vec<Value> = match body {
        Value::Array(a) => a,
        other => vec![other],
    };
    for (i, s) in specs.iter().enumerate() {
        match serde_json::from_value::<FaultSpec>(s.clone()) {
            Ok(spec) => emu.faults().add(spec),
            Err(e) => return error(400, format!("faults[{i}]: {e}")),
        }
    }
    Response::json(200, &json!({"pending": emu.faults().pending().len()}))
}

fn spreadsheet(emu: &SheetsEmulator, m: &Method, req: &Request, id: &str) -> Response {
    match *m {
        Method::GET => match emu.dump(id) {
            Some(d) => Response::json(200, &d),
            None => error(404, format!("no spreadsheet {id}")),
        },
        Method::PUT => {
            let mut seed = match req.json() {
                Ok(v @ Value::Object(_)) => v,
                Ok(_) => return error(400, "seed must be a JSON object"),
                Err(e) => return error(400, format!("seed is not JSON: {e}")),
            };
            seed["spreadsheetId"] = json!(id);
            match emu.load(seed) {
                Ok(()) => Response::json(200, &json!({"spreadsheetId": id})),
                Err(e) => error(400, e),
            }
        }
        _ => error(405, "use GET or PUT"),
    }
}

/// `POST /token`: the OAuth 2 JWT-bearer grant; any well-formed assertion gets a token.
pub fn token(emu: &SheetsEmulator, req: &Request) -> Response {
    let form = String::from_utf8_lossy(&req.body).to_string();
    let field = |name: &str| {
        form.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| percent_decode(&v.replace('+', " ")))
        })
    };
    let oauth_error = |d: &str| {
        Response::json(
            400,
            &json!({"error": "invalid_grant", "error_description": d}),
        )
    };
    if field("grant_type").as_deref() != Some("urn:ietf:params:oauth:grant-type:jwt-bearer") {
        return oauth_error("grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer");
    }
    let Some(claims) = field("assertion").and_then(|a| jwt_claims(&a)) else {
        return oauth_error("assertion is not a signed JWT");
    };
    let text = |k: &str| {
        claims
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let grant = TokenGrant {
        issuer: text("iss"),
        scope: text("scope"),
    };
    let mut grants = crate::lock(&emu.inner.grants);
    grants.push(grant);
    let token = format!("emulator-token-{}", grants.len());
    Response::json(
        200,
        &json!({"access_token": token, "token_type": "Bearer", "expires_in": 3599}),
    )
}

/// The claims of a three-part JWT (the signature is not checked).
fn jwt_claims(jwt: &str) -> Option<Value> {
    let mut parts = jwt.split('.');
    let (_, claims, sig) = (parts.next()?, parts.next()?, parts.next()?);
    if sig.is_empty() || parts.next().is_some() {
        return None;
    }
    serde_json::from_slice(&base64url(claims)?).ok()
}

fn base64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64url() {
        assert_eq!(base64url("eyJhIjoxfQ").unwrap(), br#"{"a":1}"#);
        assert_eq!(
            jwt_claims("eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InMifQ.c2ln").unwrap(),
            json!({"scope": "s"})
        );
        assert!(jwt_claims("abc").is_none());
    }
}
