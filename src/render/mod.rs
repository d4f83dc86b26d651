//! Renderings of what the stages return: text tables and JSON.

pub mod json;
pub mod text;
