//! Feeds arbitrary methods, paths and queries to site_server's router. It must never
//! panic, and it must keep its promises: only GET reaches a site, and a 400 says why.
#![no_main]

use hyper::Method;
use libfuzzer_sys::fuzz_target;
use site_server::{Route, route};

fuzz_target!(|input: (&[u8], &str, Option<&str>)| {
    let (method, path, query) = input;
    let Ok(method) = Method::from_bytes(method) else {
        return;
    };
    match route(&method, path, query) {
        Route::Site { .. } => assert_eq!(method, Method::GET),
        Route::BadRequest(reason) => assert!(!reason.is_empty()),
        _ => {}
    }
});
