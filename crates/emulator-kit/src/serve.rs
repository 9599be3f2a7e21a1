//! The server loop: accepts connections on a listener and answers each request with a [`Handler`].

use crate::message::{Outcome, Request, Response};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// An emulated API: answers one request.
pub trait Handler: Send + Sync + 'static {
    fn handle(&self, request: Request) -> Outcome;
}

/// Serves `handler` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    handler: Arc<dyn Handler>,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let handler = handler.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(handler.clone(), req));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

async fn answer(
    handler: Arc<dyn Handler>,
    req: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let request = Request::new(parts.method, path_and_query, parts.headers, body);
    let outcome = handler.handle(request);
    match outcome {
        Outcome::Respond(r) => Ok(to_hyper(r)),
        Outcome::Delay(d, r) => {
            tokio::time::sleep(d).await;
            Ok(to_hyper(r))
        }
        Outcome::Drop => Err(Dropped),
    }
}

fn to_hyper(r: Response) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder().status(r.status);
    for (k, v) in &r.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder.body(Full::new(r.body)).unwrap_or_else(|_| {
        let mut fallback =
            hyper::Response::new(Full::new(Bytes::from_static(b"bad response headers")));
        *fallback.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}

/// A server running in the background of the current tokio runtime; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` (use port 0 for any free port) and serves `handler` in a background task.
    pub async fn start(addr: &str, handler: Arc<dyn Handler>) -> std::io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            serve(listener, handler, async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await;
        });
        Ok(Server {
            addr,
            stop,
            task: Some(task),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT` of the server (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    struct Echo;

    impl Handler for Echo {
        fn handle(&self, request: Request) -> Outcome {
            match request.path.as_str() {
                "/drop" => Outcome::Drop,
                "/slow" => Outcome::Delay(Duration::from_millis(10), Response::new(200, "slow")),
                _ => Response::new(200, format!("{} {}", request.method, request.path)).into(),
            }
        }
    }

    async fn get(url: &str) -> Result<String, String> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let rest = url.trim_start_matches("http://");
        let (host, path) = rest.split_once('/').unwrap();
        let mut s = tokio::net::TcpStream::connect(host)
            .await
            .map_err(|e| e.to_string())?;
        let req = format!("GET /{path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n");
        s.write_all(req.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let mut out = String::new();
        s.read_to_string(&mut out)
            .await
            .map_err(|e| e.to_string())?;
        Ok(out)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn answers_delays_and_drops() {
        let server = Server::start("127.0.0.1:0", Arc::new(Echo)).await.unwrap();
        let ok = get(&format!("{}/a%20b", server.url())).await.unwrap();
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        assert!(ok.ends_with("GET /a b"), "{ok}");
        assert!(
            get(&format!("{}/slow", server.url()))
                .await
                .unwrap()
                .ends_with("slow")
        );
        assert_eq!(get(&format!("{}/drop", server.url())).await.unwrap(), "");
        server.stop().await;
    }
}
