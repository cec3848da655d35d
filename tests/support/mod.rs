#![allow(dead_code)]
pub mod drive;
pub mod moto;
pub mod seed;
