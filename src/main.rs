//! The `jixiao` command: reads files, calls the library, prints what it returns.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
