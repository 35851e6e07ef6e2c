//! The facts of one case, by name, for a countermeasure's text: what the
//! evaluation hands the report stage, which writes the rule's template with them.

use serde::Serialize;
use serde_json::{Map, Value};

/// Named values, already formatted where the report prints them as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Case(Map<String, Value>);

impl Case {
    /// Sets `key` to `value`.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let value = serde_json::to_value(value).expect("plain data serializes");
        self.0.insert(key.to_string(), value);
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The case as one JSON object (a copy), e.g. for a template's context.
    pub fn to_value(&self) -> Value {
        Value::Object(self.0.clone())
    }
}
