//! The `plan-eval` binary: the command line of [`plan_eval::cli`].

fn main() -> std::process::ExitCode {
    plan_eval::cli::main()
}
