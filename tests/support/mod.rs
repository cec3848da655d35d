#![allow(dead_code)]
pub mod drive;
pub mod fake_aws;
pub mod moto;
pub mod seed;
pub mod tmux;
pub mod view;
