use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    use orgtui::script::exit;
    // clap's own exit code for a usage error (2) would collide with `check`'s "depends": 64 here.
    let mut cli = match orgtui::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            let _ = e.print();
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(exit::USAGE),
            };
        }
    };
    // A bad config file stops here, with where it is wrong: never half-configured. (What prints the
    // command line's own help, completions and the config's defaults needs none.)
    use orgtui::cli::Command;
    let needs_config = !matches!(
        cli.command,
        Some(Command::Completions { .. } | Command::Man | Command::Config { .. } | Command::Validate { .. })
    );
    if let Err(e) = if needs_config { orgtui::config::load(&mut cli) } else { Ok(()) } {
        eprintln!("orgtui: config: {}", orgtui::sanitize::clean(&e));
        return ExitCode::from(exit::ERROR);
    }
    orgtui::launch::init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("orgtui: cannot start: {e}");
            return ExitCode::from(exit::ERROR);
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
            let usage = e.downcast_ref::<orgtui::script::UsageError>().is_some();
            ExitCode::from(if usage { exit::USAGE } else { exit::ERROR })
        }
    }
}
