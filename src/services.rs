//! The support services registry (`data/services.yaml`): every helpline,
//! organisation and reporting route, written once and referred to by id.

use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::phone;
use crate::yaml;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ServiceKind {
    Emergency,
    Helpline,
    Organisation,
    Reporting,
    App,
}

/// One entry of data/services.yaml, exactly as written.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique id pages use to refer to the service (lower case, hyphens).
    pub id: String,
    pub name: String,
    pub kind: ServiceKind,
    /// What the service is for, in a sentence.
    #[serde(default)]
    pub summary: String,
    /// Phone number as it should be shown, e.g. 0808 802 0300 or 999.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub textphone: String,
    /// Number to text.
    #[serde(default)]
    pub sms: String,
    #[serde(default)]
    pub email: String,
    /// The service's website (https).
    #[serde(default)]
    pub website: String,
    /// When it is open, e.g. "Weekdays 9:30am to 4pm".
    #[serde(default)]
    pub hours: String,
    /// What it costs to call, e.g. "Free".
    #[serde(default)]
    pub cost: String,
    /// Whether people can use it without giving their name.
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    /// Ways in for deaf or speech-impaired people, e.g. relay-uk.
    #[serde(default)]
    pub accessibility: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// When these details were last checked with the service.
    #[serde(default)]
    pub verified: Option<Date>,
}

/// A contact method as templates see it: shown as written, linked in standard form.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ContactLink {
    pub display: String,
    pub href: String,
}

/// A service as templates see it (see docs/template-contract.md).
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    pub id: String,
    pub name: String,
    pub kind: ServiceKind,
    pub summary: String,
    pub phone: Option<ContactLink>,
    pub textphone: Option<ContactLink>,
    pub sms: Option<ContactLink>,
    pub email: Option<ContactLink>,
    pub website: Option<ContactLink>,
    pub hours: String,
    pub cost: String,
    pub anonymous: bool,
    pub regions: Vec<String>,
    pub languages: Vec<String>,
    pub accessibility: Vec<String>,
    pub tags: Vec<String>,
}

/// The registry: services in file order, found by id.
#[derive(Debug, Clone, Default)]
pub struct ServiceRegistry {
    pub services: Vec<Service>,
    views: Vec<ServiceView>,
    by_id: HashMap<String, usize>,
    /// File line where each service starts, for diagnostics.
    pub lines: Vec<Option<usize>>,
}

impl ServiceRegistry {
    /// Parse data/services.yaml (`text`, shown as `display`), reading numbers for `country`.
    pub fn parse(
        text: &str,
        display: &Path,
        country: &str,
    ) -> Result<ServiceRegistry, Vec<Diagnostic>> {
        let services: Vec<Service> = yaml::parse(text, 1).map_err(|e| {
            vec![Diagnostic::error("services", e.message)
                .in_file(display)
                .at(e.line, e.column)
                .with_hint_opt(e.hint.or_else(|| {
                    Some(
                        "each service starts with `- id: ...`; see `signpost schema services`"
                            .into(),
                    )
                }))]
        })?;
        let lines = service_lines(text, services.len());
        Self::from_services(services, lines, display, country)
    }

    pub fn from_services(
        services: Vec<Service>,
        lines: Vec<Option<usize>>,
        display: &Path,
        country: &str,
    ) -> Result<ServiceRegistry, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut by_id = HashMap::new();
        let mut views = Vec::new();
        for (index, service) in services.iter().enumerate() {
            let line = lines.get(index).copied().flatten();
            let at = |message: String, hint: &str| {
                Diagnostic::error("services", format!("service `{}`: {message}", service.id))
                    .in_file(display)
                    .at_line(line)
                    .with_hint(hint.to_string())
            };
            if by_id.insert(service.id.clone(), index).is_some() {
                problems.push(at(
                    "this id is used twice".into(),
                    "give each service its own id",
                ));
            }
            match view(service, country) {
                Ok(v) => views.push(v),
                Err(errors) => problems.extend(errors.into_iter().map(|(m, h)| at(m, &h))),
            }
        }
        if problems.is_empty() {
            Ok(ServiceRegistry {
                services,
                views,
                by_id,
                lines,
            })
        } else {
            Err(problems)
        }
    }

    pub fn get(&self, id: &str) -> Option<&ServiceView> {
        self.by_id.get(id).map(|&i| &self.views[i])
    }

    pub fn views(&self) -> &[ServiceView] {
        &self.views
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.services.iter().map(|s| s.id.as_str())
    }

    /// An "unknown service id" diagnostic with the nearest known id as a hint.
    pub fn unknown_id(&self, id: &str) -> Diagnostic {
        let hint = match crate::diagnostics::nearest(id, self.ids()) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => "add the service to data/services.yaml, or use an id that is there".into(),
        };
        Diagnostic::error("unknown-service", format!("unknown service id \"{id}\"")).with_hint(hint)
    }
}

/// The line of each `- id:` entry, in order.
fn service_lines(text: &str, count: usize) -> Vec<Option<usize>> {
    let mut lines: Vec<Option<usize>> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- "))
        .map(|(i, _)| Some(i + 1))
        .collect();
    lines.resize(count, None);
    lines
}

/// Validate one service's fields and build its template view.
fn view(s: &Service, country: &str) -> Result<ServiceView, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut number = |field: &str, value: &str, scheme: &str| -> Option<ContactLink> {
        if value.trim().is_empty() {
            return None;
        }
        match phone::link_target(value, country) {
            Ok(target) => Some(ContactLink {
                display: value.trim().to_string(),
                href: format!("{scheme}:{target}"),
            }),
            Err(why) => {
                errors.push((format!("{field} `{value}` {why}"), "write the number as it is dialled in the site's country, e.g. 0808 802 0300, or with its country code, e.g. +44 808 802 0300".into()));
                None
            }
        }
    };
    let phone = number("phone", &s.phone, "tel");
    let textphone = number("textphone", &s.textphone, "tel");
    let sms = number("sms", &s.sms, "sms");
    let email = if s.email.trim().is_empty() {
        None
    } else if is_email(s.email.trim()) {
        Some(ContactLink {
            display: s.email.trim().into(),
            href: format!("mailto:{}", s.email.trim()),
        })
    } else {
        errors.push((
            format!("email `{}` is not an email address", s.email),
            "write it as name@example.org".into(),
        ));
        None
    };
    let website = if s.website.trim().is_empty() {
        None
    } else if let Some(rest) = s
        .website
        .trim()
        .strip_prefix("https://")
        .filter(|r| r.contains('.') && !r.contains(' '))
    {
        let display = rest
            .trim_start_matches("www.")
            .trim_end_matches('/')
            .to_string();
        Some(ContactLink {
            display,
            href: s.website.trim().into(),
        })
    } else {
        errors.push((
            format!("website `{}` must start with https://", s.website),
            "use the https address of the site; visitors must not be sent over plain http".into(),
        ));
        None
    };
    if !is_id(&s.id) {
        errors.push((
            format!(
                "id `{}` may only use lower-case letters, digits and hyphens",
                s.id
            ),
            "e.g. national-stalking-helpline".into(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ServiceView {
        id: s.id.clone(),
        name: s.name.clone(),
        kind: s.kind,
        summary: s.summary.clone(),
        phone,
        textphone,
        sms,
        email,
        website,
        hours: s.hours.clone(),
        cost: s.cost.clone(),
        anonymous: s.anonymous,
        regions: s.regions.clone(),
        languages: s.languages.clone(),
        accessibility: s.accessibility.clone(),
        tags: s.tags.clone(),
    })
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}
