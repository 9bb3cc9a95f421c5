//! One IPC contract: the commands registered in `generate_handler![...]` (src-tauri/lib.rs,
//! from which the build script also declares them to tauri), the ones the window's capability
//! allows (src-tauri/capabilities/main.json), and the ones ui/src/lib/api.ts calls must be the
//! same set. A command added in one place and forgotten in another fails here, naming it.
use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn registered(lib: &str) -> BTreeSet<String> {
    let start = lib
        .find("generate_handler![")
        .expect("generate_handler! in lib.rs");
    let body = &lib[start + "generate_handler![".len()..];
    let end = body.find(']').expect("the end of generate_handler!");
    body[..end]
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next())
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

fn allowed(capability: &str) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(capability).expect("the capability is JSON");
    json["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .map(|p| {
            let name = p.as_str().expect("permission names");
            name.strip_prefix("allow-")
                .unwrap_or_else(|| {
                    panic!("{name}: only the app's own allow-* permissions belong here")
                })
                .replace('-', "_")
        })
        .collect()
}

/// `call<T>('name', ...)` in api.ts (the only caller of invoke).
fn called(api: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = api;
    while let Some(at) = rest.find("call") {
        rest = &rest[at + 4..];
        let after = rest.trim_start();
        let after = match after.strip_prefix('<') {
            Some(generic) => {
                let mut depth = 1;
                let mut end = 0;
                for (i, c) in generic.char_indices() {
                    match c {
                        '<' => depth += 1,
                        '>' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                &generic[end..]
            }
            None => after,
        };
        let Some(args) = after.trim_start().strip_prefix('(') else {
            continue;
        };
        let Some(quoted) = args.trim_start().strip_prefix('\'') else {
            continue;
        };
        if let Some(end) = quoted.find('\'') {
            names.insert(quoted[..end].to_owned());
        }
    }
    names
}

fn differences(
    a_name: &str,
    a: &BTreeSet<String>,
    b_name: &str,
    b: &BTreeSet<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for name in a.difference(b) {
        out.push(format!("{name}: in {a_name}, missing from {b_name}"));
    }
    for name in b.difference(a) {
        out.push(format!("{name}: in {b_name}, missing from {a_name}"));
    }
    out
}

#[test]
fn the_registered_allowed_and_called_commands_are_one_set() {
    let registered = registered(&read("src-tauri/lib.rs"));
    let allowed = allowed(&read("src-tauri/capabilities/main.json"));
    let called = called(&read("ui/src/lib/api.ts"));
    assert!(
        registered.len() > 50,
        "found {} commands: is the parser reading lib.rs?",
        registered.len()
    );
    let mut problems = differences(
        "generate_handler! (src-tauri/lib.rs)",
        &registered,
        "the capability (src-tauri/capabilities/main.json)",
        &allowed,
    );
    problems.extend(differences(
        "generate_handler! (src-tauri/lib.rs)",
        &registered,
        "ui/src/lib/api.ts",
        &called,
    ));
    assert!(
        problems.is_empty(),
        "the IPC contract disagrees:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_parsers_see_a_missing_command() {
    let lib = "tauri::generate_handler![commands::a::one, commands::b::two,\n commands::c::three,]";
    let capability = r#"{"permissions": ["allow-one", "allow-three"]}"#;
    let api = "x: () => call<Foo<Bar>>('one'), y: (a) =>\n call<void>(\n 'two', {a}), z: () => call('three')";
    let (r, a, c) = (registered(lib), allowed(capability), called(api));
    assert_eq!(r.len(), 3);
    assert_eq!(c, r, "api.ts parsing");
    assert_eq!(
        differences("lib", &r, "capability", &a),
        vec!["two: in lib, missing from capability"]
    );
}
