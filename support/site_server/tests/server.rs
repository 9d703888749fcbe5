//! site_server, tested over real sockets: the library through `spawn`, the program as a
//! child process.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
// Only the tests that signal the program or limit its descriptors, Unix-only, start it
// as a child of their own.
#[cfg(unix)]
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use site_server::{Config, DICE_LEN, Handle, JYTHON_LEN};

fn server(latency_ms: u64) -> Handle {
    site_server::spawn(Config { latency: Duration::from_millis(latency_ms), ..Config::default() })
        .expect("the server starts")
}

/// Sends one raw request and reads the whole response (the request asks to close).
fn raw(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

fn get(addr: SocketAddr, path: &str) -> String {
    raw(addr, &format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"))
}

fn status_of(response: &str) -> u16 {
    response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn body_of(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

fn stats(addr: SocketAddr) -> Value {
    serde_json::from_str(body_of(&get(addr, "/stats"))).expect("/stats is JSON")
}

/// Polls `/stats` until `in_flight` reaches `n`: an event to wait for, not a sleep.
fn wait_for_in_flight(addr: SocketAddr, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while stats(addr)["in_flight"] != n {
        assert!(Instant::now() < deadline, "in_flight never reached {n}: {}", stats(addr));
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_two_sites_have_their_sizes_and_a_content_length() {
    let server = server(0);
    for (path, len) in [("/jython", JYTHON_LEN), ("/dice", DICE_LEN)] {
        let response = get(server.addr(), path);
        assert_eq!(status_of(&response), 200, "{path}");
        assert_eq!(body_of(&response).len(), len, "{path}");
        assert!(response.to_ascii_lowercase().contains(&format!("content-length: {len}\r\n")));
    }
}

#[test]
fn every_other_route_answers_with_the_right_status() {
    let server = server(0);
    let addr = server.addr();
    assert_eq!(status_of(&get(addr, "/status/503")), 503);
    assert_eq!(status_of(&get(addr, "/status/200")), 200);
    assert_eq!(status_of(&get(addr, "/status/42")), 400);
    assert_eq!(status_of(&get(addr, "/nowhere")), 404);
    assert_eq!(status_of(&get(addr, "/dice?delay_ms=soon")), 400);
    let post = raw(
        addr,
        "POST /dice HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status_of(&post), 405);
    assert!(post.contains("allow: GET"), "{post}");
    assert_eq!(status_of(&raw(addr, "THIS IS NOT HTTP\r\n\r\n")), 400);
}

#[test]
fn stats_count_site_requests_and_reset_zeroes_them() {
    let server = server(0);
    let addr = server.addr();
    get(addr, "/jython");
    get(addr, "/dice");
    get(addr, "/status/500");
    let seen = stats(addr);
    assert_eq!(seen["requests"], 3, "{seen}");
    assert_eq!(seen["in_flight"], 0);
    assert_eq!(seen["peak_in_flight"], 1);
    assert_eq!(
        seen["bytes_sent"],
        (JYTHON_LEN + DICE_LEN + "500 Internal Server Error\n".len()) as u64
    );
    // Three site connections, and the one that asked for /stats.
    assert_eq!(seen["connections"], 4);
    assert_eq!(server.stats().snapshot().requests, 3, "the library sees the same numbers");

    let records: Value =
        serde_json::from_str(body_of(&get(addr, "/stats/requests"))).expect("JSON");
    let paths: Vec<&str> = records
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["path"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(paths, ["/jython", "/dice", "/status/500"]);
    for record in records.as_array().into_iter().flatten() {
        assert!(record["end_ms"].as_f64() >= record["start_ms"].as_f64(), "{record}");
    }

    let reset = raw(
        addr,
        "POST /stats/reset HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status_of(&reset), 200);
    let seen = stats(addr);
    assert_eq!(
        (seen["requests"].as_u64(), seen["bytes_sent"].as_u64(), seen["peak_in_flight"].as_u64()),
        (Some(0), Some(0), Some(0))
    );
    assert_eq!(body_of(&get(addr, "/stats/requests")).trim(), "[]");
}

#[test]
fn delay_ms_overrides_the_latency_for_one_request() {
    let server = server(0);
    let addr = server.addr();
    get(addr, "/dice?delay_ms=300");
    get(addr, "/dice");
    let records: Value =
        serde_json::from_str(body_of(&get(addr, "/stats/requests"))).expect("JSON");
    let held = |i: usize| {
        records[i]["end_ms"].as_f64().unwrap_or(0.0)
            - records[i]["start_ms"].as_f64().unwrap_or(0.0)
    };
    // The server's own timeline: the first request was held at least 300 ms on its timer.
    assert!(held(0) >= 300.0, "{records}");
    assert!(held(1) < 300.0, "{records}");
}

#[test]
fn peak_in_flight_counts_requests_that_overlap() {
    let server = server(0);
    let addr = server.addr();
    let clients: Vec<_> =
        (0..10).map(|_| std::thread::spawn(move || get(addr, "/dice?delay_ms=2000"))).collect();
    wait_for_in_flight(addr, 10);
    for client in clients {
        assert_eq!(status_of(&client.join().expect("client thread")), 200);
    }
    assert_eq!(server.stats().snapshot().peak_in_flight, 10);
    assert_eq!(server.stats().snapshot().in_flight, 0);
}

#[test]
#[cfg(unix)] // It raises the open-file limit, which only Unix has.
fn it_holds_a_thousand_connections_at_once() {
    const CONNECTIONS: usize = 1_000;
    // The test holds both ends of every connection: 2,000 descriptors.
    rlimit::increase_nofile_limit(u64::MAX).expect("raise the open-file limit");
    let server = server(0);
    let addr = server.addr();
    let mut streams: Vec<TcpStream> = (0..CONNECTIONS)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).expect("connect");
            stream
                .write_all(
                    b"GET /dice?delay_ms=1000 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                )
                .expect("send");
            stream
        })
        .collect();
    wait_for_in_flight(addr, CONNECTIONS as u64);
    for stream in &mut streams {
        let mut response = String::new();
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
        stream.read_to_string(&mut response).expect("read");
        assert_eq!(status_of(&response), 200);
        assert_eq!(body_of(&response).len(), DICE_LEN);
    }
    let seen = server.stats().snapshot();
    assert_eq!((seen.requests, seen.peak_in_flight), (CONNECTIONS as u64, CONNECTIONS as u64));
}

#[test]
fn shutdown_finishes_the_response_in_flight() {
    let server = server(0);
    let addr = server.addr();
    let client = std::thread::spawn(move || get(addr, "/jython?delay_ms=500"));
    wait_for_in_flight(addr, 1);
    server.shutdown();
    let response = client.join().expect("client thread");
    assert_eq!(status_of(&response), 200);
    assert_eq!(body_of(&response).len(), JYTHON_LEN);
    assert!(TcpStream::connect(addr).is_err(), "the listener is closed after shutdown");
}

/// Starts site_server as a program and reads the address from its first line.
#[cfg(unix)]
fn start_program(command: &mut Command) -> (Child, SocketAddr) {
    let mut child =
        command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("site_server starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
    let addr = first
        .trim()
        .strip_prefix("Serving sites on http://")
        .expect(&first)
        .parse()
        .expect("HOST:PORT");
    (child, addr)
}

/// Sends SIGTERM, as a service manager would, and waits for the exit.
#[cfg(unix)]
fn stop_with_sigterm(mut child: Child) -> ExitStatus {
    let killed =
        Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    child.wait().expect("wait")
}

#[test]
#[cfg(unix)] // SIGTERM.
fn the_program_prints_its_address_and_stops_cleanly_on_sigterm() {
    let (child, addr) = start_program(Command::new(env!("CARGO_BIN_EXE_site_server")).args([
        "--port",
        "0",
        "--latency-ms",
        "0",
    ]));
    assert_eq!(body_of(&get(addr, "/dice")).len(), DICE_LEN);
    assert_eq!(stop_with_sigterm(child).code(), Some(0));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let server = server(0);
    let output = Command::new(env!("CARGO_BIN_EXE_site_server"))
        .args(["--port", &server.addr().port().to_string()])
        .output()
        .expect("site_server runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
}

#[test]
fn fail_every_turns_every_nth_site_request_into_a_500() {
    let server = site_server::spawn(Config {
        latency: Duration::ZERO,
        fail_every: Some(3),
        ..Config::default()
    })
    .expect("the server starts");
    let statuses: Vec<u16> = (0..7).map(|_| status_of(&get(server.addr(), "/dice"))).collect();
    assert_eq!(statuses, [200, 200, 500, 200, 200, 500, 200]);
}

/// Sends `paths` one after another on one kept-alive connection, reading each answer.
fn keep_alive(addr: SocketAddr, paths: &[&str]) -> Vec<u16> {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut writer = stream;
    paths
        .iter()
        .map(|path| {
            write!(writer, "GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").expect("send");
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("a header line");
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().expect("a length");
                }
                if line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("the body");
            status_of(&head)
        })
        .collect()
}

#[test]
fn a_new_connection_pays_its_cost_once_before_its_first_answer() {
    let cost = Duration::from_millis(200);
    let server = site_server::spawn(Config {
        latency: Duration::ZERO,
        connection_cost: cost,
        ..Config::default()
    })
    .expect("the server starts");
    let addr = server.addr();
    // Three requests on one connection, then one on a connection of its own.
    assert_eq!(keep_alive(addr, &["/dice", "/jython", "/dice"]), [200; 3]);
    assert_eq!(status_of(&get(addr, "/dice")), 200);
    let seen = stats(addr);
    assert_eq!(seen["requests"], 4);
    assert_eq!(seen["handshakes"], 2, "one per connection: {seen}");
    // The server's own record: the first answer on each connection waited at least the
    // cost (a timer never fires early), which is what a client sees as a handshake.
    let (records, _) = server.stats().records();
    let firsts: Vec<_> = records
        .iter()
        .filter(|r| records.iter().find(|o| o.connection == r.connection) == Some(r))
        .collect();
    assert_eq!(firsts.len(), 2);
    for first in firsts {
        let took = first.end_ms.expect("finished") - first.start_ms;
        assert!(took >= cost.as_millis() as f64 - 1.0, "{first:?}");
    }
}

#[test]
#[cfg(target_os = "linux")] // `ulimit -n` in bash, and the count of open descriptors.
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    // A hard limit of 48 descriptors: the runtime takes some, so 64 clients exhaust it.
    let (mut child, addr) = start_program(
        Command::new("bash")
            .args(["-c", r#"ulimit -n 48 && exec "$0" --port 0 --latency-ms 0"#])
            .arg(env!("CARGO_BIN_EXE_site_server")),
    );
    let hogs: Vec<TcpStream> =
        (0..64).map(|_| TcpStream::connect(addr).expect("connect")).collect();
    // Wait until the server has accepted all it can: then the rest wait in the backlog
    // while accept fails with EMFILE.
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("wait").is_none() && Instant::now() < deadline {
        let open = site_server::platform::open_descriptors(child.id()).unwrap_or(0);
        if open >= 48 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(hogs);
    // With the descriptors back, the server answers again.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(child.try_wait().expect("wait").is_none(), "the server exited");
        let response = get(addr, "/dice");
        if status_of(&response) == 200 {
            assert_eq!(body_of(&response).len(), DICE_LEN);
            break;
        }
        assert!(Instant::now() < deadline, "the server never answered again");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(stop_with_sigterm(child).code(), Some(0));
}

#[test]
fn abort_cuts_off_the_response_in_flight() {
    let server = server(0);
    let addr = server.addr();
    let client = std::thread::spawn(move || get(addr, "/jython?delay_ms=5000"));
    wait_for_in_flight(addr, 1);
    server.abort();
    let response = client.join().expect("client thread");
    assert!(response.is_empty(), "no response after a crash: {response:?}");
}

/// Reads until the server closes the connection (or 30 s pass, which fails the test).
fn read_until_closed(stream: &mut TcpStream) -> String {
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut seen = Vec::new();
    match stream.read_to_end(&mut seen) {
        Ok(_) => String::from_utf8_lossy(&seen).into_owned(),
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => String::new(),
        Err(error) => panic!("the server did not close the connection: {error}"),
    }
}

#[test]
fn slow_or_silent_clients_are_cut_off_after_the_header_timeout() {
    let server = site_server::spawn(Config {
        header_read_timeout: Duration::from_millis(300),
        ..Config::default()
    })
    .expect("the server starts");
    // One client sends nothing at all, another half a request and then nothing.
    let mut silent = TcpStream::connect(server.addr()).expect("connect");
    let mut slowloris = TcpStream::connect(server.addr()).expect("connect");
    slowloris.write_all(b"GET /dice HTTP/1.1\r\nHost: t\r\nX-Slow: ").expect("send");
    for stream in [&mut silent, &mut slowloris] {
        let answer = read_until_closed(stream);
        assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    }
    assert_eq!(server.stats().snapshot().requests, 0, "neither became a request");
}

#[test]
fn oversized_headers_get_an_error_status() {
    let server = server(0);
    let huge = "x".repeat(1024 * 1024);
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    let request = format!("GET /dice HTTP/1.1\r\nHost: t\r\nX-Huge: {huge}\r\n\r\n");
    // The server may stop reading before all of it is sent.
    let _ = stream.write_all(request.as_bytes());
    let answer = read_until_closed(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 431"), "{:?}", answer.lines().next());
    assert_eq!(server.stats().snapshot().requests, 0);
}
