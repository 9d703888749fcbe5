//! pool_demo: the process pool on made-up work, to try it by hand and to test it.
//!
//! ```text
//! cargo run -p process_pool -- --processes 2 work:300:slow work:10:quick fail:oops exit:3
//! ```
//!
//! Each argument is one item; a worker does what it says:
//! `work:MS:TEXT` answers TEXT after MS milliseconds, `fail:MSG` fails with MSG,
//! `exit:CODE` exits mid-item, `abort` dies by a signal, `garbage` writes junk to stdout,
//! `print:TEXT` prints a line, `panic:MSG` panics, `pid` answers the worker's process
//! id, `hang` never answers (try it with `--item-timeout-ms 500`).
//! Each worker prints `init worker-N pid PID` once, from its initializer (so a test knows
//! every worker's process id, to check that none outlives the pool). The parent prints
//! one line per item in input order, and exits 1 if any item failed.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use process_pool::Pool;

fn main() -> ExitCode {
    if let Some(exit) = process_pool::serve_if_worker_with(init_worker, work) {
        return exit;
    }
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let (mut processes, mut item_timeout_ms, mut map_shout) = (2, None, false);
    while args.first().is_some_and(|a| a.starts_with("--")) && args.len() >= 2 {
        let Ok(n) = args[1].parse::<usize>() else {
            eprintln!("pool_demo: {} takes a whole number, not {:?}", args[0], args[1]);
            return ExitCode::from(2);
        };
        match args[0].as_str() {
            "--processes" => processes = n,
            "--item-timeout-ms" => item_timeout_ms = Some(n as u64),
            // Gives map a function the workers do not serve, to see them refuse it.
            "--map-shout" => map_shout = n == 1,
            other => {
                eprintln!("pool_demo: unknown option {other}");
                return ExitCode::from(2);
            }
        }
        args.drain(..2);
    }
    let mut pool = Pool::new(processes);
    if let Some(ms) = item_timeout_ms {
        pool = pool.item_timeout(Duration::from_millis(ms));
    }
    let pool = pool.initializer(init_worker);
    let results = if map_shout { pool.map(shout, &args) } else { pool.map(work, &args) };
    let mut failed = false;
    for (index, result) in results.iter().enumerate() {
        match result {
            Ok(value) => println!("item {index}: ok {value}"),
            Err(error) => {
                failed = true;
                println!("item {index}: err {error}");
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn init_worker() {
    println!("init {} pid {}", process_pool::current_process_name(), std::process::id());
}

fn work(item: String) -> Result<String, String> {
    let (op, arg) = item.split_once(':').unwrap_or((item.as_str(), ""));
    match op {
        "work" => {
            let (ms, text) = arg.split_once(':').ok_or("work:MS:TEXT")?;
            let ms = ms.parse().map_err(|_| format!("bad milliseconds {ms:?}"))?;
            std::thread::sleep(Duration::from_millis(ms));
            Ok(text.to_owned())
        }
        "fail" => Err(arg.to_owned()),
        "exit" => std::process::exit(arg.parse().unwrap_or(1)),
        "abort" => std::process::abort(),
        "garbage" => {
            // The answer's mark, then something that is not an answer.
            let _ = std::io::stdout().write_all(b"\x1e{this is not an answer}\n");
            Ok("unreachable".to_owned())
        }
        "print" => {
            println!("{arg}");
            Ok("printed".to_owned())
        }
        "panic" => panic!("{arg}"),
        "pid" => Ok(std::process::id().to_string()),
        "hang" => loop {
            std::thread::park();
        },
        _ => Err(format!("unknown item {item:?}")),
    }
}

/// Another function of the same type as `work`, which the workers do not serve.
fn shout(item: String) -> Result<String, String> {
    Ok(item.to_uppercase())
}
