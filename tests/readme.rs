//! The README tells the truth about the keys and the two commands.

const README: &str = include_str!("../README.md");

#[test]
fn readme_keys_table_matches_the_keymap() {
    let table = orgtui::keymap::markdown_table();
    assert!(README.contains(&table), "README.md's keys table is stale; replace it with:\n\n{table}");
}

#[test]
fn readme_gives_the_two_commands_and_ci_runs_the_test_one() {
    assert!(README.contains("cargo run --release -- --demo"));
    assert!(README.contains("cargo test"));
    let ci = include_str!("../.ci/run");
    assert!(ci.lines().any(|l| l.trim() == "cargo test"), ".ci/run must run the README's test command");
}
