// A Python programmer shares an object between threads by handing it over. In Rust the
// cheap shared pointer, `Rc`, counts its owners without atomics, so two threads
// changing the count at once would corrupt it: `thread::spawn` demands `Send`, and
// `Rc` is not. Refused with E0277. (`Arc` is the thread-safe one.)
use std::rc::Rc;
use std::thread;

fn main() {
    let sites = Rc::new(vec!["https://www.jython.org", "http://olympus.realpython.org/dice"]);
    let for_the_thread = Rc::clone(&sites);
    let worker = thread::spawn(move || for_the_thread.len());
    println!("{} sites", worker.join().expect("the thread panicked"));
}
