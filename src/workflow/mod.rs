//! Workflows: what a command does with the stages (read → fill → evaluate for a batch,
//! expectations, replay, audit).

pub mod audit;
pub mod batch;
pub mod compile;
pub mod expect;
pub mod expect_update;
pub mod replay;
pub mod schemes;
