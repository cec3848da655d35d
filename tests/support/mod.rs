#![allow(dead_code)]
pub mod bin;
pub mod drive;
pub mod fake_aws;
pub mod moto;
pub mod seed;
pub mod throttle_proxy;
pub mod tmux;
pub mod view;
