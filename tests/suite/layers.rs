//! The runtime's layering (issue 13), read from the source of `jwt-guard/src`
//! with tests and comments left out:
//!
//! * no import cycle wider than two modules. Each top-level module (a folder
//!   counts as one) depends on the modules its code names as `crate::name` or
//!   `crate::{name, ..}`; the strongly connected components of that graph are
//!   the cycles;
//! * no type has `impl` blocks in more than two files, so what a type does is
//!   found in its own file and at most one other (for the manager: the handle,
//!   and the axum side that runs the guard's pipeline).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let top = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    let top = top.trim_end_matches(".rs").to_owned();
    // `lib.rs` declares `#[path = "private.rs"] pub mod __private`.
    if top == "private" {
        "__private".to_owned()
    } else {
        top
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The names `crate::` is followed by in `code`.
fn named(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(group.split(',').map(ident));
        } else {
            names.insert(ident(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The code of a file without its test modules and comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod ").next().unwrap_or_default();
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("jwt-guard/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" {
            continue;
        }
        let deps = named(&code_of(&std::fs::read_to_string(file).unwrap()));
        graph.entry(module).or_default().extend(deps);
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for (module, deps) in &mut graph {
        deps.retain(|d| modules.contains(d) && d != module);
    }
    graph
}

/// The cycles: strongly connected components of more than one module.
fn cycles(graph: &Graph) -> Vec<BTreeSet<String>> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::from([from.to_owned()]);
        let mut todo = vec![from.to_owned()];
        while let Some(m) = todo.pop() {
            for d in &graph[&m] {
                if seen.insert(d.clone()) {
                    todo.push(d.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut components: Vec<BTreeSet<String>> = Vec::new();
    for m in graph.keys() {
        let component: BTreeSet<String> = reachable[m]
            .iter()
            .filter(|other| reachable[*other].contains(m))
            .cloned()
            .collect();
        if component.len() > 1 && !components.contains(&component) {
            components.push(component);
        }
    }
    components
}

/// The type each `impl` block of `code` is for, by name: `impl<T> X<T>`,
/// `impl Trait for X`, `impl<S> Trait<S> for path::X<S>` all give `X`.
/// A line that starts with `impl` but is an argument type (`impl Fn(..)`,
/// `impl Trait,`) is no block.
fn implemented(code: &str) -> Vec<String> {
    let without_generics = |text: &str| {
        let (mut out, mut depth, mut prev) = (String::new(), 0usize, ' ');
        for c in text.chars() {
            match c {
                '<' => depth += 1,
                '>' if prev != '-' && depth > 0 => depth -= 1,
                _ if depth == 0 => out.push(c),
                _ => {}
            }
            prev = c;
        }
        out
    };
    let mut types = Vec::new();
    let mut at = 0;
    for line in code.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_start();
        let item = trimmed.strip_prefix("unsafe ").unwrap_or(trimmed);
        let Some(rest) = item.strip_prefix("impl") else {
            continue;
        };
        if !rest.starts_with(['<', ' ']) {
            continue;
        }
        let from = start + line.len() - rest.len();
        let Some(end) = code[from..].find('{') else {
            continue;
        };
        let header = without_generics(&code[from..from + end]);
        let header = header.split_whitespace().collect::<Vec<_>>().join(" ");
        let header = header.split(" where").next().unwrap_or_default();
        if header.contains([';', ',', '=', '(', ')']) {
            continue;
        }
        let target = header.rsplit(" for ").next().unwrap_or_default().trim();
        let target = target.trim_start_matches('&').trim_start();
        let target = target.strip_prefix("mut ").unwrap_or(target);
        let target = target.strip_prefix("dyn ").unwrap_or(target);
        let path: String = target
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let name = path.rsplit("::").next().unwrap_or_default();
        if !name.is_empty() {
            types.push(name.to_owned());
        }
    }
    types
}

#[test]
fn no_type_has_impl_blocks_in_more_than_two_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("jwt-guard/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // By name: two types of one name would count as one, and a reader could
    // not tell them apart either.
    let mut files_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap().display().to_string();
        for name in implemented(&code_of(&std::fs::read_to_string(file).unwrap())) {
            files_of.entry(name).or_default().insert(rel.clone());
        }
    }
    // The source is read at all: the manager and its configuration have
    // impl blocks, and extractors are implemented for `Token`.
    for name in ["JwtManager", "JwtConfig", "Token"] {
        assert!(
            files_of.contains_key(name),
            "no impl of {name} found: {files_of:?}"
        );
    }
    let spread: Vec<String> = files_of
        .iter()
        .filter(|(_, files)| files.len() > 2)
        .map(|(name, files)| {
            let files: Vec<&str> = files.iter().map(String::as_str).collect();
            format!("{name}: {}", files.join(", "))
        })
        .collect();
    assert!(
        spread.is_empty(),
        "types with impl blocks in more than two files:\n{}",
        spread.join("\n")
    );
}

#[test]
fn no_import_cycle_is_wider_than_two_modules() {
    let graph = graph();
    // The graph is read at all: the pipeline names the modules below it.
    assert!(graph["guard"].contains("verify"), "{graph:?}");
    assert!(graph.len() > 20, "{} modules", graph.len());
    let wide: Vec<_> = cycles(&graph).into_iter().filter(|c| c.len() > 2).collect();
    assert!(wide.is_empty(), "import cycles: {wide:?}");
}

#[test]
fn the_reading_finds_a_cycle_when_there_is_one() {
    let graph: Graph = [
        ("a", &["b"][..]),
        ("b", &["c"]),
        ("c", &["a"]),
        ("d", &["a"]),
    ]
    .into_iter()
    .map(|(m, deps)| (m.to_owned(), deps.iter().map(|d| (*d).to_owned()).collect()))
    .collect();
    assert_eq!(
        cycles(&graph),
        vec![BTreeSet::from([
            "a".to_owned(),
            "b".to_owned(),
            "c".to_owned()
        ])]
    );
    assert_eq!(
        named("use crate::{a, b::c};\nlet x = crate::d::e();"),
        BTreeSet::from(["a".into(), "b".into(), "d".into()])
    );
    assert_eq!(
        implemented(
            "impl<S: Send + Sync, U: Clone> FromRequestParts<S> for CurrentUser<U> {}\n\
             impl<'m> TokenBuilder<'m> {\n\
             impl fmt::Debug for crate::shared::Shared {\n\
             unsafe impl Send for Raw {}\n\
             impl<S, B> Service<Request<B>>\n    for Refresh<S>\nwhere\n    S: Fn() -> X,\n{\n\
             pub fn f(\n    respond: impl Fn(&E) -> R,\n    x: u8) {}\n\
             fn g(\n    impl_count: usize,\n    impl Into<String>,\n) {}\n\
             let implicit = impl_trait;"
        ),
        ["CurrentUser", "TokenBuilder", "Shared", "Raw", "Refresh"]
    );
}
