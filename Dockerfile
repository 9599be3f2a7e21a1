# kepsync container image: built in the official Rust image, run as a non-root user in Debian slim.
#
#   docker build -t kepsync:0.1.0 .
#   docker run --rm -p 9090:9090 \
#     -v "$PWD/kepsync.toml:/etc/kepsync/kepsync.toml:ro" \
#     -v "$PWD/credentials.json:/var/run/secrets/kepsync/credentials.json:ro" \
#     -e GITHUB_TOKEN -v kepsync-state:/var/lib/kepsync kepsync:0.1.0
#
# See docs/operations.md for the config file and the credentials.

FROM rust:1-slim-bookworm AS build
WORKDIR /src
# The whole workspace: the kepsync crate depends on the crates under crates/, and Cargo.toml
# declares the bench targets, so their sources must be present for Cargo to read the manifest.
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY benches ./benches
COPY src ./src
RUN cargo build --release --locked --bin kepsync \
    && install -D -m 0755 target/release/kepsync /out/kepsync

FROM debian:bookworm-slim AS runtime
# ca-certificates: the HTTPS clients load the system roots and refuse to start without them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 65532 kepsync \
    && useradd --system --uid 65532 --gid 65532 --home-dir /var/lib/kepsync \
        --no-create-home --shell /usr/sbin/nologin kepsync \
    && install -d -o 65532 -g 65532 -m 0750 /var/lib/kepsync \
    && install -d -m 0755 /etc/kepsync /var/run/secrets/kepsync
COPY --from=build /out/kepsync /usr/local/bin/kepsync

# Mounted at run time, never baked in:
#   /etc/kepsync/kepsync.toml                    the config (a ConfigMap in Kubernetes)
#   /var/run/secrets/kepsync/credentials.json    the Google service-account key (a Secret)
#   GITHUB_TOKEN                                  the GitHub token, from a secret env variable
ENV RUST_LOG=info
VOLUME ["/var/lib/kepsync"]
USER 65532:65532
EXPOSE 9090
ENTRYPOINT ["kepsync"]
CMD ["run", "--config", "/etc/kepsync/kepsync.toml"]
