//! Checks the Dockerfile, the Kubernetes manifests and the systemd unit agree with each other,
//! with the config schema and with the ops server's routes; validates the manifests against the
//! Kubernetes schemas when `kubernetes-validate` is installed (CI installs it).

use kepsync::ops::{PATH_HEALTHZ, PATH_READYZ};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const BINARY: &str = "/usr/local/bin/kepsync";
const CONFIG: &str = "/etc/kepsync/kepsync.toml";
const NON_ROOT_UID: u64 = 65532;
/// The Kubernetes version whose schemas the manifests are validated against.
const KUBERNETES_VERSION: &str = "1.37.0";
/// Manifests of custom resources or tooling, which the Kubernetes schemas do not cover.
const NOT_CORE_SCHEMAS: [&str; 2] = ["servicemonitor.yaml", "kustomization.yaml"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    let path = repo().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {relative}: {e}"))
}

mod dockerfile {
    /// The instructions of a Dockerfile: continuation lines joined, comments dropped.
    pub fn instructions(text: &str) -> Vec<(String, String)> {
        let mut joined = Vec::new();
        let mut current = String::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_empty()) {
                continue;
            }
            match trimmed.strip_suffix('\\') {
                Some(part) => current.push_str(part),
                None => {
                    current.push_str(trimmed);
                    joined.push(std::mem::take(&mut current));
                }
            }
        }
        joined
            .iter()
            .filter_map(|i| i.split_once(' '))
            .map(|(op, rest)| (op.to_ascii_uppercase(), rest.trim().to_string()))
            .collect()
    }

    pub fn all<'a>(ins: &'a [(String, String)], op: &'a str) -> Vec<&'a str> {
        ins.iter()
            .filter(|(o, _)| o == op)
            .map(|(_, a)| a.as_str())
            .collect()
    }

    pub fn json_array(arg: &str) -> Vec<String> {
        serde_json::from_str(arg).unwrap_or_else(|e| panic!("not exec (JSON) form: {arg}: {e}"))
    }
}

#[test]
fn dockerfile_builds_locked_and_runs_the_binary_as_non_root() {
    use dockerfile::*;
    let ins = instructions(&read("Dockerfile"));
    let from = all(&ins, "FROM");
    assert_eq!(
        from,
        [
            "rust:1-slim-bookworm AS build",
            "debian:bookworm-slim AS runtime"
        ]
    );
    let runs = all(&ins, "RUN");
    assert!(
        runs.iter()
            .any(|r| r.contains("cargo build --release --locked"))
    );
    assert!(runs.iter().any(|r| r.contains("ca-certificates")));
    let copies = all(&ins, "COPY");
    assert!(copies.contains(&format!("--from=build /out/kepsync {BINARY}").as_str()));
    assert!(runs.iter().any(|r| r.contains("/out/kepsync")));
    let user = all(&ins, "USER");
    assert_eq!(user, [format!("{NON_ROOT_UID}:{NON_ROOT_UID}")]);
    assert!(
        runs.iter()
            .any(|r| r.contains(&format!("--uid {NON_ROOT_UID}")))
    );
    assert_eq!(json_array(all(&ins, "ENTRYPOINT")[0]), ["kepsync"]);
    assert_eq!(json_array(all(&ins, "CMD")[0]), ["run", "--config", CONFIG]);
    assert_eq!(all(&ins, "EXPOSE"), ["9090"]);
    assert_eq!(all(&ins, "VOLUME"), [r#"["/var/lib/kepsync"]"#]);
}

#[test]
fn dockerfile_copies_every_workspace_member_and_nothing_ignored() {
    use dockerfile::*;
    let ins = instructions(&read("Dockerfile"));
    let sources: Vec<String> = all(&ins, "COPY")
        .iter()
        .filter(|c| !c.starts_with("--from"))
        .flat_map(|c| {
            let words: Vec<&str> = c.split_whitespace().collect();
            words[..words.len() - 1]
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let ignored: Vec<String> = read(".dockerignore")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect();
    for source in &sources {
        assert!(
            repo().join(source).exists(),
            "COPY {source}: not in the repository"
        );
        assert!(
            !ignored.contains(source),
            "COPY {source} but .dockerignore drops it"
        );
    }
    let manifest: toml::Value = toml::from_str(&read("Cargo.toml")).expect("Cargo.toml");
    let members = manifest["workspace"]["members"]
        .as_array()
        .expect("members");
    for member in members.iter().filter_map(toml::Value::as_str) {
        let copied = member == "." || sources.iter().any(|s| member.starts_with(s.as_str()));
        assert!(
            copied,
            "workspace member {member} is not copied into the build stage"
        );
    }
    for bench in manifest["bench"].as_array().into_iter().flatten() {
        let name = bench["name"].as_str().expect("bench name");
        assert!(
            repo().join(format!("benches/{name}.rs")).exists(),
            "bench {name}"
        );
    }
    assert!(sources.contains(&"benches".to_string()));
}

mod manifests {
    use super::*;

    pub const DIR: &str = "deploy/kubernetes";

    pub fn files() -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(repo().join(DIR))
            .expect("deploy/kubernetes")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        names.sort();
        names
    }

    /// Every document of every manifest, by `kind`.
    pub fn by_kind() -> BTreeMap<String, Value> {
        let mut kinds = BTreeMap::new();
        for name in files() {
            let text = read(&format!("{DIR}/{name}"));
            let docs: Vec<Value> = serde_saphyr::from_multiple(&text)
                .unwrap_or_else(|e| panic!("{name}: not YAML: {e}"));
            for doc in docs {
                let kind = doc["kind"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{name}: no kind"));
                let previous = kinds.insert(kind.to_string(), doc.clone());
                assert!(previous.is_none(), "{name}: a second {kind}");
            }
        }
        kinds
    }

    pub fn at<'a>(doc: &'a Value, pointer: &str) -> &'a Value {
        doc.pointer(pointer)
            .unwrap_or_else(|| panic!("{} has no {pointer}", doc["kind"]))
    }

    /// The config file the ConfigMap carries, parsed.
    pub fn config(kinds: &BTreeMap<String, Value>) -> toml::Table {
        let text = at(&kinds["ConfigMap"], "/data/kepsync.toml")
            .as_str()
            .expect("kepsync.toml is text");
        toml::from_str(text).unwrap_or_else(|e| panic!("configmap kepsync.toml: {e}"))
    }
}

fn pod_spec_checks(kind: &str, pod: &Value, config: &toml::Table, command: &str) {
    use manifests::at;
    let container = at(pod, "/containers/0");
    let args = at(container, "/args");
    assert_eq!(
        *args,
        serde_json::json!([command, "--config", CONFIG]),
        "{kind}"
    );
    assert_eq!(at(pod, "/securityContext/runAsNonRoot"), true, "{kind}");
    assert_eq!(
        at(pod, "/securityContext/runAsUser"),
        NON_ROOT_UID,
        "{kind}"
    );
    let sc = at(container, "/securityContext");
    assert_eq!(at(sc, "/readOnlyRootFilesystem"), true, "{kind}");
    assert_eq!(at(sc, "/allowPrivilegeEscalation"), false, "{kind}");
    assert_eq!(
        *at(sc, "/capabilities/drop"),
        serde_json::json!(["ALL"]),
        "{kind}"
    );
    let mounts = at(container, "/volumeMounts").as_array().expect("mounts");
    let mounted = |dir: &str| mounts.iter().any(|m| m["mountPath"] == dir);
    let parent = |p: &str| Path::new(p).parent().map(|d| d.display().to_string());
    assert!(
        mounted(&parent(CONFIG).unwrap_or_default()),
        "{kind}: config not mounted"
    );
    let credentials = config["google"]["credentials"]
        .as_str()
        .expect("google.credentials");
    assert!(
        mounted(&parent(credentials).unwrap_or_default()),
        "{kind}: key not mounted"
    );
    let state_dir = config["state-dir"].as_str().expect("state-dir");
    assert!(
        mounted(state_dir),
        "{kind}: state-dir {state_dir} not writable"
    );
    let token_env = config["github"]["token-env"].as_str().expect("token-env");
    let env = at(container, "/env").as_array().expect("env");
    let token = env
        .iter()
        .find(|e| e["name"] == token_env)
        .expect("token env");
    assert_eq!(
        at(token, "/valueFrom/secretKeyRef/name"),
        "kepsync-credentials"
    );
}

#[test]
fn deployment_runs_one_daemon_probed_on_the_ops_routes() {
    use manifests::at;
    let kinds = manifests::by_kind();
    let config = manifests::config(&kinds);
    let d = &kinds["Deployment"];
    assert_eq!(at(d, "/spec/replicas"), 1);
    assert_eq!(at(d, "/spec/strategy/type"), "Recreate");
    pod_spec_checks("Deployment", at(d, "/spec/template/spec"), &config, "run");
    let c = at(d, "/spec/template/spec/containers/0");
    assert_eq!(at(c, "/livenessProbe/httpGet/path"), PATH_HEALTHZ);
    assert_eq!(at(c, "/readinessProbe/httpGet/path"), PATH_READYZ);
    assert_eq!(at(c, "/livenessProbe/httpGet/port"), "metrics");
    assert_eq!(at(c, "/readinessProbe/httpGet/port"), "metrics");
    assert_eq!(at(c, "/ports/0/name"), "metrics");
    let listen = config["server"]["listen"].as_str().expect("server.listen");
    let port = listen
        .rsplit(':')
        .next()
        .and_then(|p| p.parse::<u64>().ok());
    assert_eq!(
        at(c, "/ports/0/containerPort").as_u64(),
        port,
        "listen {listen}"
    );
    let labels = at(d, "/spec/template/metadata/labels");
    assert_eq!(at(d, "/spec/selector/matchLabels"), labels);
}

#[test]
fn cronjob_runs_one_sync_at_a_time() {
    use manifests::at;
    let kinds = manifests::by_kind();
    let config = manifests::config(&kinds);
    let cj = &kinds["CronJob"];
    assert_eq!(at(cj, "/spec/concurrencyPolicy"), "Forbid");
    let schedule = at(cj, "/spec/schedule").as_str().expect("schedule");
    assert_eq!(
        schedule.split_whitespace().count(),
        5,
        "Kubernetes cron has 5 fields"
    );
    let pod = at(cj, "/spec/jobTemplate/spec/template/spec");
    assert_eq!(at(pod, "/restartPolicy"), "Never");
    pod_spec_checks("CronJob", pod, &config, "sync");
}

#[test]
fn service_and_monitor_select_the_daemon_by_port_name() {
    use manifests::at;
    let kinds = manifests::by_kind();
    let pod_labels = at(&kinds["Deployment"], "/spec/template/metadata/labels");
    let svc = &kinds["Service"];
    assert_eq!(at(svc, "/spec/selector"), pod_labels);
    assert_eq!(at(svc, "/spec/ports/0/name"), "metrics");
    assert_eq!(at(svc, "/spec/ports/0/targetPort"), "metrics");
    let sm = &kinds["ServiceMonitor"];
    assert_eq!(at(sm, "/spec/endpoints/0/port"), "metrics");
    assert_eq!(at(sm, "/spec/endpoints/0/path"), "/metrics");
    let svc_labels = at(svc, "/metadata/labels").as_object().expect("labels");
    let wanted = at(sm, "/spec/selector/matchLabels")
        .as_object()
        .expect("matchLabels");
    for (k, v) in wanted {
        assert_eq!(svc_labels.get(k), Some(v), "ServiceMonitor selects {k}={v}");
    }
}

#[test]
fn config_and_secret_carry_what_kepsync_reads() {
    use manifests::at;
    let kinds = manifests::by_kind();
    let config = manifests::config(&kinds);
    for key in ["spreadsheet-id", "release", "schedule", "state-dir"] {
        assert!(config.contains_key(key), "kepsync.toml lacks {key}");
    }
    let schedule = config["schedule"].as_str().expect("schedule");
    assert_eq!(
        schedule.split_whitespace().count(),
        6,
        "kepsync cron has 6 fields"
    );
    let secret = &kinds["Secret"];
    let key_json = at(secret, "/stringData/credentials.json")
        .as_str()
        .expect("key");
    let key: Value = serde_json::from_str(key_json).expect("credentials.json is JSON");
    assert_eq!(key["type"], "service_account");
    assert!(at(secret, "/stringData/github-token").is_string());
}

#[test]
fn kustomization_lists_only_existing_manifests() {
    use manifests::at;
    let kinds = manifests::by_kind();
    let files = manifests::files();
    let resources = at(&kinds["Kustomization"], "/resources")
        .as_array()
        .expect("list");
    for resource in resources {
        let name = resource.as_str().expect("file name");
        assert!(
            files.iter().any(|f| f == name),
            "{name} is not in {}",
            manifests::DIR
        );
    }
}

#[test]
fn manifests_validate_against_kubernetes_schemas() {
    let validator = || {
        let mut c = Command::new("python3");
        c.args(["-m", "kubernetes_validate"]);
        c
    };
    let probe = validator().arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: kubernetes-validate is not installed (CI installs it from .ci/run)");
        return;
    }
    let files: Vec<String> = manifests::files()
        .into_iter()
        .filter(|f| !NOT_CORE_SCHEMAS.contains(&f.as_str()))
        .collect();
    assert!(files.len() >= 5, "{files:?}");
    let out = validator()
        .args(["--strict", "--quiet", "-k", KUBERNETES_VERSION])
        .args(&files)
        .current_dir(repo().join(manifests::DIR))
        .output()
        .expect("running kubernetes-validate");
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert!(
        !report.contains("ERROR") && !report.contains("WARN"),
        "{report}"
    );
}

mod unit {
    /// `key=value` lines of one section of a systemd unit (keys may repeat).
    pub fn section(text: &str, name: &str) -> Vec<(String, String)> {
        let header = format!("[{name}]");
        text.lines()
            .map(str::trim)
            .skip_while(|l| *l != header)
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    pub fn values<'a>(entries: &'a [(String, String)], key: &str) -> Vec<&'a str> {
        entries
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

#[test]
fn systemd_unit_runs_the_daemon_sandboxed() {
    let service = unit::section(&read("deploy/systemd/kepsync.service"), "Service");
    let one = |key: &str| unit::values(&service, key);
    let exec = one("ExecStart");
    assert_eq!(exec.len(), 1);
    assert!(
        exec[0].contains(&format!("exec {BINARY} run --config {CONFIG}")),
        "{}",
        exec[0]
    );
    for (key, value) in [
        ("DynamicUser", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("NoNewPrivileges", "yes"),
        ("StateDirectory", "kepsync"),
        ("CapabilityBoundingSet", ""),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("SystemCallFilter", "@system-service"),
        ("KillSignal", "SIGTERM"),
    ] {
        assert_eq!(one(key), [value], "{key}");
    }
    let credentials = one("LoadCredential");
    assert!(credentials.contains(&"credentials.json:/etc/kepsync/credentials.json"));
    assert!(credentials.contains(&"github-token:/etc/kepsync/github-token"));
    let env = one("Environment");
    assert!(
        env.contains(&"KEPSYNC_GOOGLE_CREDENTIALS=%d/credentials.json"),
        "{env:?}"
    );
    assert!(exec[0].contains("%d/github-token"));
}

#[test]
fn systemd_unit_passes_systemd_analyze_verify() {
    let unit = repo().join("deploy/systemd/kepsync.service");
    let Ok(out) = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&unit)
        .output()
    else {
        eprintln!("SKIPPED: systemd-analyze is not installed");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "{stderr}");
}
