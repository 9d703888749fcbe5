//! The lab's variant io_asyncio_no_pool, run as a program against a site server started
//! by each test: it must download as io_asyncio does.

use testing::io::*;

const EXE: &str = env!("CARGO_BIN_EXE_io_asyncio_no_pool");

testing::io_common_tests!(EXE);

#[test]
fn every_site_is_in_flight_at_once() {
    check_downloads_every_site(EXE, &[], SITES);
}

#[test]
fn json_reports_one_task_per_site() {
    check_json(EXE, "io_asyncio_no_pool", &[], SITES);
}
