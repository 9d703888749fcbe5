//! The local "sites" the I/O examples download from.
//!
//! The tutorial downloads two real pages 80 times each. A real site is slow for reasons
//! that have nothing to do with the program: the network and the server take tens of
//! milliseconds to answer. This server imitates that on purpose: every site response
//! waits [`Config::latency`] on a timer before it is sent, so a program that downloads
//! one site after another waits that long every time, and one that downloads many at
//! once overlaps the waits. The waits cost the server nothing (no thread sleeps), so it
//! can hold thousands of slow requests at once.
//!
//! Routes:
//! - `GET /jython` (10 KiB) and `GET /dice` (1 KiB): the two sites. `?delay_ms=N`
//!   replaces the latency for one request.
//! - `GET /status/{code}`: answers with that status after the latency (fault injection).
//!   [`Config::fail_every`] makes every n-th site request answer 500 instead.
//!   [`Config::connection_cost`] makes the first site request on each new connection
//!   wait longer, as a TCP and TLS handshake with a far server would.
//! - `GET /stats`, `POST /stats/reset`, `GET /stats/requests`: what the server saw; see
//!   [`Stats`]. These answer at once and are not counted as site requests.
//!
//! Use it as a program (`cargo run -p site_server -- --port 8000`) or as a library:
//! [`spawn`] runs it on a thread of its own and returns a [`Handle`].

mod pages;
pub mod platform;
mod routes;
mod stats;

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::oneshot;

pub use pages::{DICE_LEN, JYTHON_LEN};
pub use routes::{Route, route};
pub use stats::{MAX_RECORDS, Record, Snapshot, Stats};

/// The latency of every site response unless told otherwise: a quick real site.
/// 160 sites one after another then take 8 seconds, which is long enough to see.
pub const DEFAULT_LATENCY: Duration = Duration::from_millis(50);

/// How long a client may take to send its request head before it is cut off, so that a
/// client that connects and sends nothing (or half a request) cannot hold a connection
/// forever. Long enough for any real client, short enough to shed a slowloris.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// After a shutdown request, how long the responses in flight get to finish.
/// Longer than any latency the examples use; a stuck client cannot keep the server up.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// How many connections may wait to be accepted. The kernel caps it at
/// `net.core.somaxconn`; a large value lets 10,000 clients connect at once without
/// their SYNs being dropped and retried a second later.
const LISTEN_BACKLOG: u32 = 16_384;

/// After a failed accept (most often EMFILE: out of file descriptors) the server waits
/// this long for connections to close, then keeps serving.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// How a server listens and how slow its sites are.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on.
    pub host: IpAddr,
    /// The port to listen on; 0 lets the system pick a free one.
    pub port: u16,
    /// How long each site response waits before it is sent.
    pub latency: Duration,
    /// How long a client may take to send a request head.
    pub header_read_timeout: Duration,
    /// Fault injection: when `Some(n)`, every n-th site request (counted since the
    /// last stats reset) answers 500 instead of its page. `None` never fails.
    pub fail_every: Option<u64>,
    /// How many request records `/stats/requests` keeps, the newest: [`MAX_RECORDS`]
    /// unless a test wants to see what happens past it without sending 100,000.
    pub max_records: usize,
    /// What a new connection costs: the first site request on each connection waits
    /// this long on top of its latency. On the internet a new connection pays a TCP
    /// handshake and then a TLS one, a round trip or two each, before its request even
    /// leaves; on 127.0.0.1 it pays nothing, which flatters a program that opens a
    /// connection per site. Zero (the default) keeps the local server's free
    /// connections; [`HANDSHAKE`] is a far server's.
    pub connection_cost: Duration,
}

/// A handshake with a far server, for [`Config::connection_cost`]: two round trips (TCP,
/// then TLS 1.3) of the [`DEFAULT_LATENCY`] a site takes to answer.
pub const HANDSHAKE: Duration = Duration::from_millis(2 * 50);

impl Default for Config {
    fn default() -> Self {
        Config {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            latency: DEFAULT_LATENCY,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            fail_every: None,
            max_records: MAX_RECORDS,
            connection_cost: Duration::ZERO,
        }
    }
}

/// What every connection task shares.
#[derive(Debug)]
struct Shared {
    latency: Duration,
    fail_every: Option<u64>,
    connection_cost: Duration,
    stats: Stats,
    /// The number the next TCP connection gets, for `/stats/requests`.
    next_connection: AtomicU64,
}

/// A bound server, ready to run.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    header_read_timeout: Duration,
    shared: Arc<Shared>,
}

impl Server {
    /// Binds the listening socket. Must be called inside a tokio runtime.
    pub async fn bind(config: &Config) -> io::Result<Server> {
        let addr = SocketAddr::new(config.host, config.port);
        let socket = match addr {
            SocketAddr::V4(_) => TcpSocket::new_v4()?,
            SocketAddr::V6(_) => TcpSocket::new_v6()?,
        };
        socket.set_reuseaddr(true)?;
        socket.bind(addr)?;
        Ok(Server {
            listener: socket.listen(LISTEN_BACKLOG)?,
            header_read_timeout: config.header_read_timeout,
            shared: Arc::new(Shared {
                latency: config.latency,
                fail_every: config.fail_every.filter(|&n| n > 0),
                connection_cost: config.connection_cost,
                stats: Stats::keeping(config.max_records),
                next_connection: AtomicU64::new(1),
            }),
        })
    }

    /// The address the server listens on (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then stops accepting, lets the responses in
    /// flight finish (up to a grace period) and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let graceful = GracefulShutdown::new();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(self.header_read_timeout);
        tokio::pin!(shutdown);
        loop {
            let stream = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(error) => {
                        // Out of file descriptors, or a connection reset before it was
                        // accepted: neither is a reason to stop serving the others.
                        eprintln!("site_server: accept failed ({error}); retrying");
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            // Small responses go out at once rather than waiting to be coalesced.
            let _ = stream.set_nodelay(true);
            let shared = Arc::clone(&self.shared);
            let connection = shared.next_connection.fetch_add(1, Ordering::Relaxed);
            shared.stats.connection_opened();
            // Cleared by the connection's first site request, which pays the handshake.
            let new = Arc::new(AtomicBool::new(true));
            let service = service_fn(move |request| {
                let connection = routes::Connection { number: connection, new: Arc::clone(&new) };
                routes::handle(request, Arc::clone(&shared), connection)
            });
            let served = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                // A client that hangs up early is its own business, not the server's.
                let _ = served.await;
            });
        }
        drop(self.listener);
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    }

    /// The server's counters.
    pub fn stats(&self) -> StatsRef {
        StatsRef(Arc::clone(&self.shared))
    }
}

/// A shared reference to a running server's [`Stats`].
#[derive(Debug, Clone)]
pub struct StatsRef(Arc<Shared>);

impl std::ops::Deref for StatsRef {
    type Target = Stats;
    fn deref(&self) -> &Stats {
        &self.0.stats
    }
}

/// A server running on a thread of its own, from [`spawn`]. Dropping the handle shuts
/// the server down and waits for it.
#[derive(Debug)]
pub struct Handle {
    addr: SocketAddr,
    stats: StatsRef,
    stop: Option<oneshot::Sender<()>>,
    abort: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

/// Starts a server on a new thread with its own tokio runtime and returns once it
/// listens. Its own runtime means it works the same from blocking code, from tests, and
/// from inside another tokio runtime (io_asyncio's).
pub fn spawn(config: Config) -> io::Result<Handle> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop, stopped) = oneshot::channel::<()>();
    let (abort, aborted) = oneshot::channel::<()>();
    let thread = thread::Builder::new().name("site_server".into()).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("site_server")
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => return drop(ready_tx.send(Err(error))),
        };
        runtime.block_on(async move {
            let server = match Server::bind(&config).await {
                Ok(server) => server,
                Err(error) => return drop(ready_tx.send(Err(error))),
            };
            let ready = server.local_addr().map(|addr| (addr, server.stats()));
            let _ = ready_tx.send(ready);
            let graceful = server.run(async move {
                // Either a stop request or a dropped Handle ends the server.
                let _ = stopped.await;
            });
            tokio::select! {
                biased;
                Ok(()) = aborted => {}
                () = graceful => {}
            }
        });
        // Leaving the runtime cancels every connection task: after an abort, each
        // client sees its connection closed mid-request, as if the server crashed.
        drop(runtime);
    })?;
    let (addr, stats) = ready_rx
        .recv()
        .map_err(|_| io::Error::other("site_server thread ended before it listened"))??;
    Ok(Handle { addr, stats, stop: Some(stop), abort: Some(abort), thread: Some(thread) })
}

impl Handle {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The server's counters, read directly (no HTTP request).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Stops accepting, lets the responses in flight finish, and waits for the thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    /// Stops the server the hard way, like a crash: every connection is closed at once,
    /// the responses in flight with them. For tests of what a client does then.
    pub fn abort(mut self) {
        if let Some(abort) = self.abort.take() {
            let _ = abort.send(());
        }
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // The server thread catches nothing: if it panicked, say so.
            if thread.join().is_err() {
                eprintln!("site_server: the server thread panicked");
            }
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
