//! Feeds arbitrary bytes to process_pool's frame reader, as a broken or hostile worker
//! might write them. Reading must end in frames, a clean end or an error, never a panic;
//! and every frame it accepts must be exactly the bytes that encode it.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use process_pool::frame;

fuzz_target!(|bytes: &[u8]| {
    let mut input = Cursor::new(bytes);
    loop {
        let before = input.position() as usize;
        match frame::read(&mut input) {
            Ok(Some((tag, payload))) => {
                let mut encoded = Vec::new();
                frame::write(&mut encoded, tag, &payload).expect("writing to a Vec");
                let after = input.position() as usize;
                assert_eq!(
                    &bytes[before..after],
                    &encoded[..],
                    "a frame read is not the frame written"
                );
            }
            Ok(None) | Err(_) => break,
        }
    }
});
