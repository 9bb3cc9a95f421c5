//! The one HTTP client Readerdesk has: only to the newsroom's own connected site, HTTPS
//! (plain HTTP only to this machine's loopback addresses), a timeout on every request, a cap
//! on every answer, and redirects followed only within the same host.
use std::time::Duration;

use url::Url;

use super::SiteFailure;
use crate::error::{CoreError, Result};

/// The largest answer read from a site: a page of 100 comments is well under 2 MiB.
const MAX_BODY: u64 = 32 << 20;
/// Same-host redirects followed (http -> https, a missing slash).
const MAX_HOPS: usize = 3;
const TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A site's answer: its status, body and the paging headers WordPress sends.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub total_pages: Option<i64>,
    /// The REST root a page advertises in its `Link: <...>; rel="https://api.w.org/"` header.
    pub api_link: Option<String>,
    pub content_type: String,
}

impl Reply {
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

pub struct Http {
    agent: ureq::Agent,
}

impl Default for Http {
    fn default() -> Self {
        Http::new()
    }
}

impl Http {
    pub fn new() -> Http {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("Readerdesk/", env!("CARGO_PKG_VERSION")))
            .build();
        Http {
            agent: config.into(),
        }
    }

    pub fn get(&self, url: &str, auth: Option<&str>) -> Result<Reply> {
        self.send(url, auth, None)
    }

    /// POSTs a JSON body. `user_agent` replaces ours: WordPress stores the caller's agent
    /// on the comment unless the request carries the commenter's own.
    pub fn post_json(
        &self,
        url: &str,
        auth: Option<&str>,
        body: &str,
        user_agent: &str,
    ) -> Result<Reply> {
        self.send(url, auth, Some((body, user_agent)))
    }

    fn send(&self, url: &str, auth: Option<&str>, post: Option<(&str, &str)>) -> Result<Reply> {
        let mut current = checked(url)?;
        for _ in 0..=MAX_HOPS {
            let reply = self.once(current.as_str(), auth, post)?;
            let Some(location) = reply.1 else {
                return Ok(reply.0);
            };
            let next = current.join(&location).map_err(|_| {
                SiteFailure::Response.error(format!(
                    "{} redirected to {location:?}, which is not an address",
                    current
                ))
            })?;
            same_host(&current, &next)?;
            current = checked(next.as_str())?;
        }
        Err(SiteFailure::Redirect.error(format!(
            "{url} redirected more than {MAX_HOPS} times; enter the site's final address"
        )))
    }

    /// One request; a redirect comes back as its Location.
    fn once(
        &self,
        url: &str,
        auth: Option<&str>,
        post: Option<(&str, &str)>,
    ) -> Result<(Reply, Option<String>)> {
        let result = match post {
            None => {
                let mut request = self.agent.get(url).header("Accept", "application/json");
                if let Some(auth) = auth {
                    request = request.header("Authorization", auth);
                }
                request.call()
            }
            Some((body, user_agent)) => {
                let mut request = self
                    .agent
                    .post(url)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", user_agent);
                if let Some(auth) = auth {
                    request = request.header("Authorization", auth);
                }
                request.send(body)
            }
        };
        let mut response = result.map_err(|err| transport(err, url))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let location = if (300..400).contains(&status) {
            header("location")
        } else {
            None
        };
        let total_pages = header("x-wp-totalpages").and_then(|v| v.trim().parse().ok());
        let api_link = header("link").and_then(|v| api_link(&v));
        let content_type = header("content-type").unwrap_or_default();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|err| transport(err, url))?;
        Ok((
            Reply {
                status,
                body,
                total_pages,
                api_link,
                content_type,
            },
            location,
        ))
    }
}

/// Refuses anything but HTTPS, except plain HTTP to this machine (local sites and tests).
pub fn checked(url: &str) -> Result<Url> {
    let parsed = Url::parse(url)
        .map_err(|err| SiteFailure::Url.error(format!("{url:?} is not a web address ({err})")))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        "http" => Err(SiteFailure::Url.error(format!(
            "{url} is plain HTTP: Readerdesk only connects to a site over HTTPS (plain HTTP is \
             allowed only to this computer, for a local test site). Use https://{}",
            parsed.host_str().unwrap_or("")
        ))),
        other => Err(SiteFailure::Url.error(format!(
            "{url} is not a web address (it starts with {other}:, not https:)"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A redirect may stay on the same host and port, or go from http to https on it.
fn same_host(from: &Url, to: &Url) -> Result<()> {
    let same = from.host_str() == to.host_str()
        && (from.port_or_known_default() == to.port_or_known_default()
            || (from.scheme() == "http" && to.scheme() == "https"))
        && !(from.scheme() == "https" && to.scheme() == "http");
    if same {
        Ok(())
    } else {
        Err(SiteFailure::Redirect.error(format!(
            "{from} redirects to another address ({to}); Readerdesk does not follow a site to \
             another host. If that is the site's real address, connect it instead"
        )))
    }
}

fn transport(err: ureq::Error, url: &str) -> CoreError {
    let host = Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| url.to_owned());
    match err {
        ureq::Error::Timeout(_) => SiteFailure::Unreachable.error(format!(
            "{host} did not answer in time; check the connection and try again"
        )),
        ureq::Error::HostNotFound => SiteFailure::Unreachable.error(format!(
            "could not find {host}: check the address, or whether this computer is online"
        )),
        ureq::Error::Io(ref io) if is_tls(io) => SiteFailure::Tls.error(format!(
            "the secure connection to {host} failed ({err}): its certificate is not valid for \
             this address or not from a known authority. Ask whoever runs the site"
        )),
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => {
            SiteFailure::Unreachable.error(format!(
                "could not reach {host} ({err}); the site may be down or this computer offline"
            ))
        }
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => SiteFailure::Tls
            .error(format!(
                "the secure connection to {host} failed ({err}): its certificate is not valid \
                 for this address or not from a known authority. Ask whoever runs the site"
            )),
        ureq::Error::BodyExceedsLimit(limit) => SiteFailure::Response.error(format!(
            "{host} sent an answer larger than {} MiB; Readerdesk stopped reading it",
            limit >> 20
        )),
        other => SiteFailure::Unreachable.error(format!("could not talk to {host}: {other}")),
    }
}

/// TLS failures reach us wrapped in I/O errors (rustls reports through the stream): they are
/// told apart by what they say, down the chain of causes.
fn is_tls(err: &std::io::Error) -> bool {
    let mut current: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = current {
        let text = e.to_string().to_lowercase();
        if ["certificate", "handshake", "tls", "alert"]
            .iter()
            .any(|word| text.contains(word))
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// The REST root from a `Link` header: `<https://x/wp-json/>; rel="https://api.w.org/"`.
fn api_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params.contains("rel=\"https://api.w.org/\"").then(|| {
            target
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http() {
        assert!(checked("https://news.example/").is_ok());
        assert!(checked("http://127.0.0.1:8080/").is_ok());
        assert!(checked("http://localhost/").is_ok());
        assert!(checked("http://[::1]:9/").is_ok());
        let err = checked("http://news.example/").unwrap_err();
        assert_eq!(err.code(), "site_url");
        assert_eq!(
            checked("ftp://news.example/").unwrap_err().code(),
            "site_url"
        );
        assert_eq!(checked("not a url").unwrap_err().code(), "site_url");
    }

    #[test]
    fn redirects_stay_on_the_host() {
        let from = Url::parse("http://127.0.0.1:8080/a").unwrap();
        assert!(same_host(&from, &Url::parse("http://127.0.0.1:8080/b").unwrap()).is_ok());
        assert!(same_host(&from, &Url::parse("http://127.0.0.2:8080/b").unwrap()).is_err());
        let https = Url::parse("https://news.example/").unwrap();
        assert!(same_host(&https, &Url::parse("http://news.example/").unwrap()).is_err());
        let http = Url::parse("http://localhost/").unwrap();
        assert!(same_host(&http, &Url::parse("https://localhost/").unwrap()).is_ok());
    }

    #[test]
    fn the_rest_root_is_read_from_the_link_header() {
        let header = "<https://x.example/wp-json/>; rel=\"https://api.w.org/\", <https://x.example/?p=1>; rel=shortlink";
        assert_eq!(
            api_link(header).as_deref(),
            Some("https://x.example/wp-json/")
        );
        assert_eq!(api_link("<https://x.example/?p=1>; rel=shortlink"), None);
    }
}
