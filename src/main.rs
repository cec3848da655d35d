use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut cli = orgtui::cli::Cli::parse();
    // A bad config file stops here, with where it is wrong: never half-configured. (What prints the
    // command line's own help, completions and the config's defaults needs none.)
    use orgtui::cli::Command;
    let needs_config =
        !matches!(cli.command, Some(Command::Completions { .. } | Command::Man | Command::Config { .. }));
    if let Err(e) = if needs_config { orgtui::config::load(&mut cli) } else { Ok(()) } {
        eprintln!("orgtui: config: {}", orgtui::sanitize::clean(&e));
        return ExitCode::FAILURE;
    }
    orgtui::launch::init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("orgtui: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(orgtui::launch::main(cli));
    // Whatever happened, the terminal goes back to how the user had it before anything is printed.
    orgtui::terminal::restore();
    // The blocked stdin reader of the event stream must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    match result {
        Ok(code) => code,
        Err(e) => {
            // Error text can quote what a server or a file said: clean it like anything else shown.
            let text = format!("{e:#}");
            let lines: Vec<_> = text.lines().map(orgtui::sanitize::clean).collect();
            eprintln!("orgtui: {}", lines.join("\n"));
            ExitCode::FAILURE
        }
    }
}
