//! What each path answers.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use crate::{Shared, pages};

/// What a request asks for, decided from its method, path and query alone: no I/O, so
/// it can be tested, and fuzzed, apart from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `GET /stats`.
    Stats,
    /// `POST /stats/reset`.
    ResetStats,
    /// `GET /stats/requests`.
    Records,
    /// A site: this status and body, after `delay` (`None`: the server's latency).
    Site {
        /// The status to answer with (before fault injection).
        status: StatusCode,
        /// The page, or the status line for `/status/{code}`.
        body: Bytes,
        /// `?delay_ms=N`, if given.
        delay: Option<Duration>,
    },
    /// 400, with the reason.
    BadRequest(String),
    /// 405, with the method that is allowed.
    MethodNotAllowed(&'static str),
    /// 404.
    NotFound,
}

/// Decides what a request asks for.
pub fn route(method: &Method, path: &str, query: Option<&str>) -> Route {
    match (method, path) {
        (&Method::GET, "/stats") => Route::Stats,
        (&Method::POST, "/stats/reset") => Route::ResetStats,
        (&Method::GET, "/stats/requests") => Route::Records,
        (_, "/stats/reset") => Route::MethodNotAllowed("POST"),
        (_, "/stats" | "/stats/requests") => Route::MethodNotAllowed("GET"),
        (method, _) if is_site(path) => {
            if method != Method::GET {
                return Route::MethodNotAllowed("GET");
            }
            let delay = match delay_from_query(query) {
                Ok(delay) => delay,
                Err(message) => return Route::BadRequest(message),
            };
            let (status, body) = match path {
                "/jython" => (StatusCode::OK, pages::JYTHON.clone()),
                "/dice" => (StatusCode::OK, pages::DICE.clone()),
                _ => match status_from_path(path) {
                    Ok(status) => (status, Bytes::from(format!("{status}\n"))),
                    Err(message) => return Route::BadRequest(message),
                },
            };
            Route::Site { status, body, delay }
        }
        _ => Route::NotFound,
    }
}

/// The TCP connection a request came on.
pub struct Connection {
    /// Its number in `/stats/requests`.
    pub number: u64,
    /// True until its first site request, which pays [`crate::Config::connection_cost`].
    pub new: Arc<AtomicBool>,
}

/// Answers one request. Never fails: every problem becomes a status code.
pub async fn handle(
    request: Request<Incoming>,
    shared: Arc<Shared>,
    connection: Connection,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path();
    let response = match route(request.method(), path, request.uri().query()) {
        Route::Stats => json(shared.stats.snapshot().to_json()),
        Route::ResetStats => {
            shared.stats.reset();
            json(shared.stats.snapshot().to_json())
        }
        Route::Records => json(shared.stats.records_json()),
        Route::Site { status, body, delay } => {
            let mut delay = delay.unwrap_or(shared.latency);
            if connection.new.swap(false, Ordering::Relaxed) {
                delay += shared.connection_cost;
                shared.stats.handshake_paid();
            }
            site(&shared, path, connection.number, status, body, delay).await
        }
        Route::BadRequest(message) => text(StatusCode::BAD_REQUEST, &message),
        Route::MethodNotAllowed(allow) => method_not_allowed(allow),
        Route::NotFound => text(StatusCode::NOT_FOUND, "no such site\n"),
    };
    Ok(response)
}

fn is_site(path: &str) -> bool {
    matches!(path, "/jython" | "/dice") || path.starts_with("/status/")
}

/// A site response: waits the latency (and a new connection's cost) on a timer, no
/// thread blocked, then answers.
async fn site(
    shared: &Shared,
    path: &str,
    connection: u64,
    mut status: StatusCode,
    mut body: Bytes,
    delay: Duration,
) -> Response<Full<Bytes>> {
    let in_flight = shared.stats.start_request(path, connection);
    if shared.fail_every.is_some_and(|n| in_flight.number() % n == 0) {
        status = StatusCode::INTERNAL_SERVER_ERROR;
        body = Bytes::from(format!("{status}\n"));
    }
    tokio::time::sleep(delay).await;
    shared.stats.add_bytes(body.len());
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    drop(in_flight);
    response
}

/// Reads `delay_ms=N` from a query string: `Ok(None)` when it is not there.
fn delay_from_query(query: Option<&str>) -> Result<Option<Duration>, String> {
    let Some(value) = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("delay_ms="))
    else {
        return Ok(None);
    };
    value
        .parse::<u64>()
        .map(|ms| Some(Duration::from_millis(ms)))
        .map_err(|_| format!("delay_ms must be a whole number of milliseconds, not {value:?}\n"))
}

/// Reads the status of `/status/{code}`.
fn status_from_path(path: &str) -> Result<StatusCode, String> {
    let code = path.trim_start_matches("/status/");
    code.parse::<u16>()
        .ok()
        .and_then(|n| StatusCode::from_u16(n).ok())
        .ok_or_else(|| format!("/status/ takes a status code from 100 to 999, not {code:?}\n"))
}

fn json(value: serde_json::Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(format!("{value}\n"))));
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn text(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(message.to_owned())));
    *response.status_mut() = status;
    response
}

fn method_not_allowed(allow: &'static str) -> Response<Full<Bytes>> {
    let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
    response.headers_mut().insert(ALLOW, HeaderValue::from_static(allow));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_is_read_from_the_query() {
        assert_eq!(delay_from_query(None), Ok(None));
        assert_eq!(delay_from_query(Some("a=1")), Ok(None));
        assert_eq!(
            delay_from_query(Some("a=1&delay_ms=250")),
            Ok(Some(Duration::from_millis(250)))
        );
        assert!(delay_from_query(Some("delay_ms=soon")).is_err());
    }

    #[test]
    fn routes_are_decided_by_method_path_and_query() {
        assert_eq!(route(&Method::GET, "/stats", None), Route::Stats);
        assert_eq!(route(&Method::GET, "/stats/reset", None), Route::MethodNotAllowed("POST"));
        assert_eq!(route(&Method::DELETE, "/dice", None), Route::MethodNotAllowed("GET"));
        assert_eq!(route(&Method::GET, "/", None), Route::NotFound);
        assert!(matches!(route(&Method::GET, "/dice", Some("delay_ms=x")), Route::BadRequest(_)));
        let Route::Site { status, body, delay } = route(&Method::GET, "/dice", Some("delay_ms=7"))
        else {
            panic!("not a site");
        };
        assert_eq!(
            (status, body.len(), delay),
            (StatusCode::OK, pages::DICE_LEN, Some(Duration::from_millis(7)))
        );
    }

    #[test]
    fn status_codes_are_checked() {
        assert_eq!(status_from_path("/status/503"), Ok(StatusCode::SERVICE_UNAVAILABLE));
        assert!(status_from_path("/status/42").is_err());
        assert!(status_from_path("/status/abc").is_err());
    }
}
