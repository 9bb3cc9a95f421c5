//! WordPress's REST API as Readerdesk uses it: finding the REST root, checking the user, and
//! reading and updating comments. What the site sends is data: parsed into plain values here,
//! each record on its own so one odd comment never fails a page.
use base64::Engine as _;
use serde::Deserialize;
use serde_json::Value;

use super::http::{Http, Reply};
use super::SiteFailure;
use crate::error::Result;

/// The most WordPress sends a page.
pub const PER_PAGE: i64 = 100;

/// Where the REST API answers: `<base>/wp-json/` (pretty permalinks) or `<base>/?rest_route=/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRoot(String);

impl ApiRoot {
    pub fn from_stored(text: &str) -> ApiRoot {
        ApiRoot(text.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn uses_rest_route(&self) -> bool {
        self.0.contains("rest_route=")
    }

    /// The address of `route` (e.g. "wp/v2/comments") with `query` pairs, encoded.
    pub fn url(&self, route: &str, query: &[(&str, String)]) -> String {
        let encoded: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        if self.uses_rest_route() {
            let sep = if encoded.is_empty() { "" } else { "&" };
            format!("{}{route}{sep}{encoded}", self.0)
        } else {
            let sep = if encoded.is_empty() { "" } else { "?" };
            format!("{}{route}{sep}{encoded}", self.0)
        }
    }
}

/// What the REST index says of the site.
#[derive(Debug, Clone)]
pub struct Index {
    pub name: String,
    pub home: String,
}

/// The signed-in user as WordPress sees them.
#[derive(Debug, Clone)]
pub struct Me {
    pub name: String,
    pub can_moderate: bool,
}

/// A comment as the site reports it (context=edit).
#[derive(Debug, Clone, Deserialize)]
pub struct WpComment {
    pub id: i64,
    #[serde(default)]
    pub post: i64,
    #[serde(default)]
    pub parent: i64,
    #[serde(default)]
    pub author_name: String,
    #[serde(default)]
    pub author_email: String,
    #[serde(default)]
    pub author_url: String,
    #[serde(default)]
    pub author_ip: String,
    #[serde(default)]
    pub author_user_agent: String,
    #[serde(default)]
    pub date_gmt: String,
    #[serde(default)]
    pub content: Content,
    pub status: String,
    #[serde(rename = "type", default)]
    pub kind: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Content {
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub rendered: String,
}

/// A post or page a comment belongs to.
#[derive(Debug, Clone)]
pub struct WpPost {
    pub id: i64,
    pub title: String,
    pub link: Option<String>,
    pub date_gmt: Option<String>,
}

pub fn basic_auth(user: &str, password: &str) -> String {
    // Application Passwords are shown with spaces for reading; WordPress ignores them.
    let password: String = password.chars().filter(|c| !c.is_whitespace()).collect();
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// Finds the REST root of the site at `base` (its Link header, then `/wp-json/`, then
/// `?rest_route=`), and reads its index. Says why when there is none.
pub fn discover(http: &Http, base: &str) -> Result<(ApiRoot, Index)> {
    let home = http.get(&format!("{base}/"), None)?;
    let mut candidates = Vec::new();
    // The advertised root is taken only on the site's own host: the password goes wherever
    // the root is, and a page may point anywhere.
    if let Some(link) = &home.api_link {
        let same = match (url::Url::parse(base), url::Url::parse(link)) {
            (Ok(b), Ok(l)) => {
                b.host_str() == l.host_str()
                    && b.port_or_known_default() == l.port_or_known_default()
                    && (b.scheme() == l.scheme() || l.scheme() == "https")
            }
            _ => false,
        };
        if same {
            candidates.push(link.clone());
        }
    }
    candidates.push(format!("{base}/wp-json/"));
    candidates.push(format!("{base}/?rest_route=/"));
    let mut refusal: Option<String> = None;
    for candidate in candidates {
        let root = if candidate.contains("rest_route=") && !candidate.ends_with('/') {
            format!("{}/", candidate.trim_end_matches('/'))
        } else {
            candidate
        };
        let Ok(reply) = http.get(&root, None) else {
            continue;
        };
        match reply.json() {
            Some(json) if reply.status == 200 && has_wp_v2(&json) => {
                let index = Index {
                    name: text(&json["name"]).unwrap_or_else(|| base.to_owned()),
                    home: text(&json["home"])
                        .or_else(|| text(&json["url"]))
                        .unwrap_or_else(|| base.to_owned())
                        .trim_end_matches('/')
                        .to_owned(),
                };
                return Ok((ApiRoot(root), index));
            }
            Some(json) if json.get("code").is_some() => {
                refusal.get_or_insert_with(|| wp_message(&json, reply.status));
            }
            _ => {}
        }
    }
    if let Some(message) = refusal {
        return Err(SiteFailure::RestDisabled.error(format!(
            "{base} is WordPress, but its REST API refused Readerdesk ({message}). A security \
             plugin may have turned it off: ask the site's administrator to allow the REST \
             API for signed-in users"
        )));
    }
    if looks_like_wordpress(&home) {
        return Err(SiteFailure::RestDisabled.error(format!(
            "{base} looks like WordPress, but its REST API does not answer at /wp-json/ or \
             ?rest_route=. Ask the site's administrator whether a plugin turned it off"
        )));
    }
    Err(SiteFailure::NotWordPress.error(format!(
        "{base} does not look like a WordPress site: it has no REST API at /wp-json/ or \
         ?rest_route=. Check the address (it is the site's front page, e.g. https://news.example)"
    )))
}

fn has_wp_v2(json: &Value) -> bool {
    json["namespaces"]
        .as_array()
        .is_some_and(|ns| ns.iter().any(|n| n.as_str() == Some("wp/v2")))
}

fn looks_like_wordpress(home: &Reply) -> bool {
    home.body.contains("/wp-content/")
        || home.body.contains("/wp-includes/")
        || home.body.contains("content=\"WordPress")
}

fn text(value: &Value) -> Option<String> {
    value
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The site's own words for an error answer: `{"code": ..., "message": ...}`.
pub fn wp_message(json: &Value, status: u16) -> String {
    match (text(&json["code"]), text(&json["message"])) {
        (Some(code), Some(message)) => format!("{message} [{code}, HTTP {status}]"),
        (Some(code), None) => format!("{code}, HTTP {status}"),
        _ => format!("HTTP {status}"),
    }
}

fn reply_message(reply: &Reply) -> String {
    match reply.json() {
        Some(json) => wp_message(&json, reply.status),
        None => format!("HTTP {}", reply.status),
    }
}

/// The WordPress version, from the feed's generator line (sites may hide it: then None).
pub fn version(http: &Http, home: &str) -> Option<String> {
    let reply = http.get(&format!("{home}/?feed=rss2"), None).ok()?;
    let start = reply.body.find("wordpress.org/?v=")? + "wordpress.org/?v=".len();
    let rest = &reply.body[start..];
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))?;
    let version = &rest[..end];
    (!version.is_empty()).then(|| version.to_owned())
}

/// A connection to one site's REST API as one user.
pub struct Api<'h> {
    pub http: &'h Http,
    pub root: ApiRoot,
    auth: String,
    /// Requests made so far (a sync reports how many it needed); shared by the threads of
    /// one sync.
    requests: std::sync::atomic::AtomicI64,
}

impl<'h> Api<'h> {
    pub fn new(http: &'h Http, root: ApiRoot, user: &str, password: &str) -> Api<'h> {
        Api {
            http,
            root,
            auth: basic_auth(user, password),
            requests: std::sync::atomic::AtomicI64::new(0),
        }
    }

    pub fn requests(&self) -> i64 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count(&self) {
        self.requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    fn get(&self, route: &str, query: &[(&str, String)]) -> Result<Reply> {
        self.count();
        self.http
            .get(&self.root.url(route, query), Some(&self.auth))
    }

    /// Who the password signs in as, and whether they may moderate comments.
    pub fn me(&self) -> Result<Me> {
        let reply = self.get("wp/v2/users/me", &[("context", "edit".into())])?;
        match reply.status {
            200 => {
                let json = reply.json().ok_or_else(|| not_json(&reply))?;
                Ok(Me {
                    name: text(&json["name"]).unwrap_or_default(),
                    can_moderate: json["capabilities"]["moderate_comments"]
                        .as_bool()
                        .unwrap_or(false),
                })
            }
            401 => Err(SiteFailure::Auth.error(format!(
                "WordPress did not accept this user name and application password ({}). \
                 Check the user name, and create a new Application Password under Users → \
                 Profile → Application Passwords",
                reply_message(&reply)
            ))),
            _ => Err(refused(&reply)),
        }
    }

    /// One page of comments, every status and type, by id (`order` "asc" or "desc"), or the
    /// comments among `include`. Returns the records and the number of pages.
    pub fn comments(
        &self,
        page: i64,
        order: &str,
        include: Option<&[i64]>,
    ) -> Result<(Vec<Value>, Option<i64>)> {
        let mut query = vec![
            ("context", "edit".to_owned()),
            ("status", "any".to_owned()),
            ("type", "all".to_owned()),
            ("orderby", "id".to_owned()),
            ("order", order.to_owned()),
            ("per_page", PER_PAGE.to_string()),
            ("page", page.to_string()),
        ];
        if let Some(ids) = include {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            query.push(("include", list.join(",")));
        }
        let reply = self.get("wp/v2/comments", &query)?;
        match reply.status {
            200 => match reply.json() {
                Some(Value::Array(items)) => Ok((items, reply.total_pages)),
                _ => Err(not_json(&reply)),
            },
            // Past the last page WordPress answers 400 rest_comment_invalid_page_number.
            400 if reply.body.contains("invalid_page_number") => Ok((Vec::new(), Some(0))),
            401 | 403 => Err(forbidden(&reply)),
            _ => Err(refused(&reply)),
        }
    }

    /// One comment, or None when the site no longer has it.
    pub fn comment(&self, id: i64) -> Result<Option<Value>> {
        let reply = self.get(
            &format!("wp/v2/comments/{id}"),
            &[("context", "edit".into())],
        )?;
        match reply.status {
            200 => reply.json().map(Some).ok_or_else(|| not_json(&reply)),
            404 | 410 => Ok(None),
            401 | 403 => Err(forbidden(&reply)),
            _ => Err(refused(&reply)),
        }
    }

    /// Sets a comment's status and nothing else: the commenter's IP address and browser are
    /// sent back as they were, since WordPress would otherwise overwrite them with ours.
    pub fn set_status(
        &self,
        id: i64,
        status: &str,
        ip: &str,
        agent: &str,
    ) -> Result<Option<Value>> {
        let mut body = serde_json::json!({ "status": status });
        if !ip.is_empty() {
            body["author_ip"] = Value::String(ip.to_owned());
        }
        if !agent.is_empty() {
            body["author_user_agent"] = Value::String(agent.to_owned());
        }
        let url = self.root.url(
            &format!("wp/v2/comments/{id}"),
            &[("context", "edit".into())],
        );
        self.count();
        let reply = self
            .http
            .post_json(&url, Some(&self.auth), &body.to_string(), agent)?;
        match reply.status {
            200 => reply.json().map(Some).ok_or_else(|| not_json(&reply)),
            404 | 410 => Ok(None),
            401 | 403 => Err(forbidden(&reply)),
            _ => Err(refused(&reply)),
        }
    }

    /// The posts (then pages) among `ids`; ids found in neither are left out.
    pub fn posts(&self, ids: &[i64]) -> Result<Vec<WpPost>> {
        let mut found = Vec::new();
        let mut missing: Vec<i64> = ids.to_vec();
        for route in ["wp/v2/posts", "wp/v2/pages"] {
            if missing.is_empty() {
                break;
            }
            for chunk in missing.clone().chunks(PER_PAGE as usize) {
                let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
                let reply = self.get(
                    route,
                    &[
                        ("include", list.join(",")),
                        ("per_page", PER_PAGE.to_string()),
                        ("_fields", "id,title,link,date_gmt".into()),
                    ],
                )?;
                if reply.status != 200 {
                    continue;
                }
                if let Some(Value::Array(items)) = reply.json() {
                    for item in items {
                        if let Some(post) = post_of(&item) {
                            missing.retain(|id| *id != post.id);
                            found.push(post);
                        }
                    }
                }
            }
        }
        Ok(found)
    }
}

fn post_of(item: &Value) -> Option<WpPost> {
    Some(WpPost {
        id: item["id"].as_i64()?,
        title: decode_entities(item["title"]["rendered"].as_str().unwrap_or("")),
        link: text(&item["link"]),
        date_gmt: text(&item["date_gmt"]),
    })
}

fn not_json(reply: &Reply) -> crate::error::CoreError {
    SiteFailure::Response.error(format!(
        "the site answered HTTP {} with something that is not the JSON WordPress sends \
         ({}); a cache or security plugin may be in the way",
        reply.status,
        if reply.content_type.is_empty() {
            "no content type"
        } else {
            &reply.content_type
        }
    ))
}

fn forbidden(reply: &Reply) -> crate::error::CoreError {
    SiteFailure::Forbidden.error(format!(
        "the site refused: {}. The password may have been revoked, or the user may no longer \
         moderate comments",
        reply_message(reply)
    ))
}

fn refused(reply: &Reply) -> crate::error::CoreError {
    let failure = if reply.status >= 500 || reply.status == 429 {
        SiteFailure::Busy
    } else {
        SiteFailure::Refused
    };
    failure.error(format!("the site answered: {}", reply_message(reply)))
}

/// Decodes the HTML entities WordPress puts in rendered titles (`&#8217;`, `&amp;`) into
/// text; tags are left as written (the window shows titles as text either way).
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|end| *end <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kinds_of_root_build_their_addresses() {
        let pretty = ApiRoot::from_stored("http://127.0.0.1:9/wp-json/");
        assert_eq!(
            pretty.url(
                "wp/v2/comments",
                &[("page", "2".into()), ("include", "1,2".into())]
            ),
            "http://127.0.0.1:9/wp-json/wp/v2/comments?page=2&include=1%2C2"
        );
        let plain = ApiRoot::from_stored("http://127.0.0.1:9/?rest_route=/");
        assert_eq!(
            plain.url("wp/v2/users/me", &[("context", "edit".into())]),
            "http://127.0.0.1:9/?rest_route=/wp/v2/users/me&context=edit"
        );
        assert_eq!(
            plain.url("wp/v2/x", &[]),
            "http://127.0.0.1:9/?rest_route=/wp/v2/x"
        );
    }

    #[test]
    fn titles_lose_their_entities_but_keep_their_text() {
        assert_eq!(
            decode_entities("Don&#8217;t &amp; &lt;b&gt;"),
            "Don\u{2019}t & <b>"
        );
        assert_eq!(decode_entities("&#x41;&bogus; & a;"), "A&bogus; & a;");
        assert_eq!(decode_entities("&#99999999;"), "&#99999999;");
        assert_eq!(decode_entities("Привет &"), "Привет &");
    }

    #[test]
    fn application_passwords_lose_their_spaces() {
        assert_eq!(basic_auth("a", "ab cd"), basic_auth("a", "abcd"));
    }
}
