//! Security headers: one policy, written out for every kind of host: `<meta>`
//! tags in each page, `_headers`, `.htaccess`, and nginx and Caddy snippets.

use crate::html::escape_html;

/// The Content-Security-Policy of every page: nothing but the site's own files.
pub fn content_security_policy(allow: &[String]) -> String {
    let extra: String = allow.iter().map(|h| format!(" https://{h}")).collect();
    format!(
        "default-src 'none'; script-src 'self'{extra}; style-src 'self'{extra}; img-src 'self' data:{extra}; \
         font-src 'self'{extra}; connect-src 'self'; manifest-src 'self'; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'; upgrade-insecure-requests"
    )
}

/// The policy minus what a `<meta>` tag cannot carry (frame-ancestors, and
/// upgrade-insecure-requests, which would break file:// previews).
fn meta_policy(allow: &[String]) -> String {
    content_security_policy(allow)
        .split("; ")
        .filter(|d| {
            !d.starts_with("frame-ancestors") && !d.starts_with("upgrade-insecure-requests")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The `<meta>` tags every page carries inside `<head>`.
pub fn meta_tags(allow: &[String]) -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<meta name=\"referrer\" content=\"no-referrer\">",
        escape_html(&meta_policy(allow))
    )
}

/// Every header, as (name, value) pairs.
pub fn headers(allow: &[String]) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", content_security_policy(allow)),
        ("Referrer-Policy", "no-referrer".into()),
        ("Strict-Transport-Security", "max-age=63072000; includeSubDomains".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
        (
            "Permissions-Policy",
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()".into(),
        ),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
        ("Cross-Origin-Resource-Policy", "same-origin".into()),
        ("Cross-Origin-Embedder-Policy", "require-corp".into()),
    ]
}

/// The files every build writes beside the pages, so hosts that read them
/// send the headers: `_headers` (Netlify, Cloudflare Pages), `.htaccess` (Apache).
pub fn host_files(allow: &[String]) -> [(&'static str, String); 2] {
    [
        ("_headers", render(HostFormat::Netlify, allow)),
        (".htaccess", render(HostFormat::Apache, allow)),
    ]
}

/// The hosts `signpost headers` can write for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HostFormat {
    Netlify,
    Apache,
    Nginx,
    Caddy,
}

pub fn render(format: HostFormat, allow: &[String]) -> String {
    let list = headers(allow);
    match format {
        HostFormat::Netlify => {
            let mut out = String::from("/*\n");
            for (name, value) in list {
                out.push_str(&format!("  {name}: {value}\n"));
            }
            out
        }
        HostFormat::Apache => {
            let mut out = String::from("<IfModule mod_headers.c>\n");
            for (name, value) in list {
                out.push_str(&format!("  Header always set {name} \"{value}\"\n"));
            }
            out.push_str("</IfModule>\n");
            out
        }
        HostFormat::Nginx => {
            let mut out = String::from("# include this file inside your server { } block\n");
            for (name, value) in list {
                out.push_str(&format!("add_header {name} \"{value}\" always;\n"));
            }
            out
        }
        HostFormat::Caddy => {
            let mut out = String::from("header {\n");
            for (name, value) in list {
                out.push_str(&format!("  {name} \"{value}\"\n"));
            }
            out.push_str("}\n");
            out
        }
    }
}
