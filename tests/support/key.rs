//! The throwaway service-account key: a 2048-bit RSA key made by `openssl` once per test process,
//! and the JSON key file Google hands out, pointing at a token endpoint of the test's choosing.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// The email of the service account in [`key_file`]'s files.
pub const CLIENT_EMAIL: &str = "kepsync@kepsync-test.iam.gserviceaccount.com";

/// A throwaway PKCS#8 RSA key (PEM), made once per process, or `None` when openssl is not on the
/// machine (then a `SKIPPED` line is printed and the caller returns).
pub fn throwaway_key() -> Option<&'static str> {
    static KEY: OnceLock<Option<String>> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("key.pem");
        let out = Command::new("openssl")
            .args([
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
            ])
            .arg(&path)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| std::fs::read_to_string(&path).ok())?
    });
    if key.is_none() {
        eprintln!("SKIPPED: openssl is not available to generate a throwaway RSA key");
    }
    key.as_deref()
}

/// Writes a service-account key file `name` in `dir` holding `pem`, whose `token_uri` is
/// `token_uri`; returns its path as a string.
pub fn key_file(dir: &Path, name: &str, pem: &str, token_uri: &str) -> String {
    let key = serde_json::json!({
        "type": "service_account", "project_id": "kepsync-test", "private_key_id": "0",
        "private_key": pem, "client_email": CLIENT_EMAIL,
        "client_id": "1", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
    });
    crate::support::process::write(dir, name, &key.to_string())
}

/// Sets a file's permission bits (no-op off Unix).
#[cfg(unix)]
pub fn set_mode(path: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Sets a file's permission bits (no-op off Unix).
#[cfg(not(unix))]
pub fn set_mode(_path: &str, _mode: u32) {}
