//! site_server as a program: the slow local sites, for the run scripts and for anyone who
//! wants to point several examples at one server (`SITES_URL=http://127.0.0.1:8000`).
//!
//! ```text
//! cargo run --release -p site_server -- --port 8000 --latency-ms 50
//! ```
//!
//! The first line on stdout is `Serving sites on http://HOST:PORT` (with the real port
//! when `--port 0` picks a free one). It runs until Ctrl-C (or SIGTERM on Unix), then lets the
//! responses in flight finish and exits 0.

use std::io::Write;
use std::net::IpAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use site_server::{Config, Server, platform};

/// Serve the tutorial's two sites locally, slowly on purpose.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// How long every site response waits before it is sent, in milliseconds.
    #[arg(long, default_value_t = site_server::DEFAULT_LATENCY.as_millis() as u64)]
    latency_ms: u64,
    /// Fault injection: every N-th site request answers 500 instead of its page.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    fail_every: Option<u64>,
    /// What a new connection costs, in milliseconds: its first site request waits this
    /// much longer, like a TCP and TLS handshake with a far server (try 100).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    connection_cost_ms: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("site_server: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> std::io::Result<()> {
    // Every connection is a file descriptor; 10,000 of them need more than the usual
    // soft limit of 1,024, so take all the hard limit allows.
    let limit = platform::raise_open_file_limit(u64::MAX)?;
    let config = Config {
        host: args.host,
        port: args.port,
        latency: Duration::from_millis(args.latency_ms),
        fail_every: args.fail_every,
        connection_cost: Duration::from_millis(args.connection_cost_ms),
        ..Config::default()
    };
    let server = Server::bind(&config).await.map_err(|error| {
        std::io::Error::new(
            error.kind(),
            format!("cannot listen on {}:{}: {error}", args.host, args.port),
        )
    })?;
    let addr = server.local_addr()?;
    println!("Serving sites on http://{addr}");
    eprintln!(
        "site_server: latency {} ms, a new connection {} ms more, open-file limit {}; stop with Ctrl-C",
        args.latency_ms,
        args.connection_cost_ms,
        limit.map_or("none".to_owned(), |n| n.to_string())
    );
    std::io::stdout().flush()?;
    let stop = platform::stop_requested()?;
    server.run(stop).await;
    eprintln!("site_server: stopped");
    Ok(())
}
