//! The orgtui binary as a script runs it: a private home and moto's test credentials (never the
//! machine's profile or instance metadata).

use std::path::Path;
use std::process::Command;

/// `orgtui` with its config and cache under `home`, the test credentials, and a UTF-8 locale.
pub fn orgtui(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orgtui"));
    c.env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env_remove("AWS_PROFILE")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL");
    c
}
