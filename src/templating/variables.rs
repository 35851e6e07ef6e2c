//! The context variables a Tera template reads, found by walking its syntax
//! tree, so that a rule citing a variable that does not exist is caught when
//! the rules are loaded, not in the year the rule first fires.

use std::collections::BTreeSet;

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// The names of the context variables `template` reads (the first segment
/// of `a.b` or `a[0]`), leaving out names the template binds itself (loop
/// and `set` variables, macro arguments) and Tera's own `loop`.
pub fn referenced(template: &tera::Template) -> BTreeSet<String> {
    reads(template).0
}

/// The context variables `template` reads (as [`referenced`]) and the templates it includes,
/// which render with the same context.
pub(crate) fn reads(template: &tera::Template) -> (BTreeSet<String>, Vec<String>) {
    let mut walker = Walker::default();
    walker.nodes(&template.ast);
    for definition in template.macros.values() {
        let mut inner = Walker {
            bound: definition.args.keys().cloned().collect(),
            ..Walker::default()
        };
        inner.nodes(&definition.body);
        walker.found.extend(inner.found);
    }
    (walker.found, walker.includes)
}

/// The 1-based line of the first tag (`{{ … }}` or `{% … %}`) of `text` that names `variable`
/// as a whole word.
pub(crate) fn line_of(text: &str, variable: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut at = 0;
    while let Some(open) = text[at..].find(['{']).map(|i| at + i) {
        let rest = &text[open..];
        let close = if rest.starts_with("{{") {
            "}}"
        } else if rest.starts_with("{%") {
            "%}"
        } else {
            at = open + 1;
            continue;
        };
        let end = rest.find(close).map_or(text.len(), |i| open + i);
        let tag = &text[open..end];
        let mut from = 0;
        while let Some(i) = tag[from..].find(variable).map(|i| from + i) {
            let before = tag[..i].chars().next_back();
            let after = tag[i + variable.len()..].chars().next();
            if !before.is_some_and(|c| is_word(c) || c == '.') && !after.is_some_and(is_word) {
                let offset = open + i;
                return Some(text[..offset].matches('\n').count() + 1);
            }
            from = i + variable.len();
        }
        at = end.max(open + 1);
    }
    None
}

#[derive(Default)]
struct Walker {
    /// Names bound in the scope being walked.
    bound: Vec<String>,
    found: BTreeSet<String>,
    /// Templates named by `{% include %}`.
    includes: Vec<String>,
}

impl Walker {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            self.node(node);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::VariableBlock(_, e) => self.expr(e),
            Node::Set(_, set) => {
                self.expr(&set.value);
                self.bound.push(set.key.clone());
            }
            Node::FilterSection(_, section, _) => {
                self.call(&section.filter);
                self.nodes(&section.body);
            }
            Node::Block(_, block, _) => self.nodes(&block.body),
            Node::Include(_, names, _) => self.includes.extend(names.iter().cloned()),
            Node::Forloop(_, forloop, _) => {
                self.expr(&forloop.container);
                let depth = self.bound.len();
                self.bound.push(forloop.value.clone());
                self.bound.extend(forloop.key.clone());
                self.bound.push("loop".to_string());
                self.nodes(&forloop.body);
                self.bound.truncate(depth);
                if let Some(empty) = &forloop.empty_body {
                    self.nodes(empty);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    self.expr(condition);
                    self.nodes(body);
                }
                if let Some((_, body)) = &branches.otherwise {
                    self.nodes(body);
                }
            }
            _ => {}
        }
    }

    fn ident(&mut self, name: &str) {
        let root = name.split(['.', '[']).next().unwrap_or(name);
        if !root.is_empty() && !self.bound.iter().any(|b| b == root) {
            self.found.insert(root.to_string());
        }
    }

    fn call(&mut self, call: &FunctionCall) {
        for arg in call.args.values() {
            self.expr(arg);
        }
    }

    fn expr(&mut self, e: &Expr) {
        self.val(&e.val);
        for filter in &e.filters {
            self.call(filter);
        }
    }

    fn val(&mut self, v: &ExprVal) {
        match v {
            ExprVal::Ident(name) => self.ident(name),
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::In(i) => {
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            ExprVal::Test(t) => {
                // `x is defined` asks whether a variable exists: not a use of it.
                if t.name != "defined" && t.name != "undefined" {
                    self.ident(&t.ident);
                }
                for arg in &t.args {
                    self.expr(arg);
                }
            }
            ExprVal::MacroCall(m) => {
                for arg in m.args.values() {
                    self.expr(arg);
                }
            }
            ExprVal::FunctionCall(f) => self.call(f),
            ExprVal::Array(items) => {
                for item in items {
                    self.expr(item);
                }
            }
            ExprVal::StringConcat(c) => {
                for value in &c.values {
                    self.val(value);
                }
            }
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", text).unwrap();
        referenced(tera.get_template("t").unwrap())
            .into_iter()
            .collect()
    }

    #[test]
    fn finds_variables_in_every_branch_but_not_bound_names() {
        assert_eq!(
            names(
                "{{ a }}{% if b > 1 %}{{ c.d }}{% else %}{{ e | default(value=f) }}{% endif %}\
                 {% for x in g %}{{ x }}{{ loop.index }}{% endfor %}{% set h = i %}{{ h }}\
                 {% if j is defined %}{% endif %}{{ k ~ 'z' }}{{ l[0] }}"
            ),
            ["a", "b", "c", "e", "f", "g", "i", "k", "l"]
        );
    }
}
