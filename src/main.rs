//! The `plan-eval` binary: the command line of [`plan_eval::cli`].

/// mimalloc instead of the system's allocator: it takes memory from the system in large
/// pages, which a long report's Markdown, parse tree and Typst source (tens of megabytes
/// for `typeset` of a 5 MB file) otherwise touch 4 KiB at a time; `typeset` of 5 MB
/// takes about 0.8× the time (benches/README.md, issue 11).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    plan_eval::cli::main()
}
