//! The support services registry (`data/services.yaml`): every helpline,
//! organisation and reporting route, written once and referred to by id.

use crate::dates::Date;
use crate::diagnostics::Diagnostic;
use crate::phone;
use crate::yaml;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// A service as templates see it (see "Template reference" in the README).
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
    /// Where each service is written, for diagnostics.
    pub sources: Vec<ServiceSource>,
}

/// Every service of one file at `lines`.
fn sources_in(file: &Path, lines: Vec<Option<usize>>) -> Vec<ServiceSource> {
    lines
        .into_iter()
        .map(|line| ServiceSource {
            file: file.to_path_buf(),
            line,
        })
        .collect()
}

/// Where a service is written: the services.yaml (the site's, or a pack's
/// for a service the site does not change) as shown to the editor, and the
/// line its entry starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSource {
    pub file: PathBuf,
    pub line: Option<usize>,
}

impl ServiceRegistry {
    /// Parse data/services.yaml (`text`, shown as `display`), reading numbers for
    /// `country`. Each entry is read on its own, so a problem names its service
    /// and every bad entry is reported, not just the first.
    pub fn parse(
        text: &str,
        display: &Path,
        country: &str,
    ) -> Result<ServiceRegistry, Vec<Diagnostic>> {
        let file_error = |e: yaml::YamlError| {
            vec![e
                .diagnostic("services", display)
                .or_hint("each service starts with `- id: ...`; see `signpost schema services`")]
        };
        let entries: Vec<yaml::Value> = yaml::parse(text, 1).map_err(file_error)?;
        let chunks = entry_chunks(text);
        if chunks.len() != entries.len() {
            // Not one `- ` line per entry (an unusual layout): read the file whole.
            let services: Vec<Service> = yaml::parse(text, 1).map_err(file_error)?;
            let mut lines: Vec<Option<usize>> = chunks.iter().map(|(l, _)| Some(*l)).collect();
            lines.resize(services.len(), None);
            return Self::from_services(services, sources_in(display, lines), country);
        }
        let mut problems = Vec::new();
        let (mut services, mut lines) = (Vec::new(), Vec::new());
        for (position, ((line, chunk), entry)) in chunks.iter().zip(&entries).enumerate() {
            match yaml::parse::<Service>(&as_mapping(chunk), *line) {
                Ok(service) => {
                    services.push(service);
                    lines.push(Some(*line));
                }
                Err(e) => problems.push(
                    yaml::YamlError {
                        message: format!("{}: {}", entry_name(entry, position), e.message),
                        line: e.line.or(Some(*line)),
                        column: e.column.map(|c| c + 2),
                        hint: e.hint,
                    }
                    .diagnostic("services", display)
                    .or_hint("see `signpost schema services` for the fields a service may have"),
                ),
            }
        }
        match Self::from_services(services, sources_in(display, lines), country) {
            Ok(registry) if problems.is_empty() => Ok(registry),
            Ok(_) => Err(problems),
            Err(more) => {
                problems.extend(more);
                Err(problems)
            }
        }
    }

    /// The registry of `services`, each written at its `sources` entry.
    pub fn from_services(
        services: Vec<Service>,
        sources: Vec<ServiceSource>,
        country: &str,
    ) -> Result<ServiceRegistry, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut by_id = HashMap::new();
        let mut views = Vec::new();
        debug_assert_eq!(services.len(), sources.len(), "a source for every service");
        for (index, (service, source)) in services.iter().zip(&sources).enumerate() {
            let at = |message: String, hint: &str| {
                Diagnostic::error("services", format!("service `{}`: {message}", service.id))
                    .in_file(&source.file)
                    .at_line(source.line)
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
                sources,
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

/// Each entry of the list as (file line of its `- `, its text up to the next entry).
fn entry_chunks(text: &str) -> Vec<(usize, &str)> {
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if line.starts_with("- ") || line.trim_end() == "-" {
            starts.push((index + 1, offset));
        }
        offset += line.len();
    }
    let ends = starts.iter().skip(1).map(|&(_, o)| o).chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&(line, start), end)| (line, &text[start..end]))
        .collect()
}

/// An entry's text as a mapping of its own: `- id: x\n  name: y` → `id: x\nname: y`.
/// Every line moves two columns left, so columns of errors are two short.
fn as_mapping(entry: &str) -> String {
    let mut out = String::with_capacity(entry.len());
    for (index, line) in entry.split_inclusive('\n').enumerate() {
        let rest = if index == 0 {
            // `- id: x`, or a lone `-` with the mapping below it.
            line.strip_prefix("- ").unwrap_or("\n")
        } else {
            let indent = line.len() - line.trim_start_matches(' ').len();
            &line[indent.min(2)..]
        };
        out.push_str(rest);
    }
    out
}

/// How a problem names an entry: by its id, else by its place in the list.
fn entry_name(entry: &yaml::Value, position: usize) -> String {
    match entry.get("id").and_then(yaml::Value::as_str) {
        Some(id) => format!("service `{id}`"),
        None => format!("service {} of the list", position + 1),
    }
}

/// Validate one service's fields and build its template view.
fn view(s: &Service, country: &str) -> Result<ServiceView, Vec<FieldProblem>> {
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
    let email = email_link(&s.email).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let website = website_link(&s.website).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
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

/// A problem with a field: what is wrong, and what to do.
type FieldProblem = (String, String);

/// The `mailto:` link of an email address (None: none written).
fn email_link(email: &str) -> Result<Option<ContactLink>, FieldProblem> {
    let trimmed = email.trim();
    if trimmed.is_empty() {
        Ok(None)
    } else if is_email(trimmed) {
        Ok(Some(ContactLink {
            display: trimmed.into(),
            href: format!("mailto:{trimmed}"),
        }))
    } else {
        Err((
            format!("email `{email}` is not an email address"),
            "write it as name@example.org".into(),
        ))
    }
}

/// The link of a website, shown without `https://` and `www.` (None: none written).
fn website_link(website: &str) -> Result<Option<ContactLink>, FieldProblem> {
    let trimmed = website.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let parsed = url::Url::parse(trimmed).ok();
    if let Some(u) = parsed
        .as_ref()
        .filter(|u| !u.username().is_empty() || u.password().is_some())
    {
        return Err((
            format!(
                "website `{website}` has a name and `@` before its host, so it goes to {}, not to the site it seems to name",
                u.host_str().unwrap_or("another site")
            ),
            "write the service's own address with nothing between https:// and the host, e.g. https://www.example.org/".into(),
        ));
    }
    match trimmed
        .strip_prefix("https://")
        .filter(|r| r.contains('.') && !r.contains(' '))
    {
        Some(rest) => Ok(Some(ContactLink {
            display: rest
                .trim_start_matches("www.")
                .trim_end_matches('/')
                .to_string(),
            href: trimmed.into(),
        })),
        None => Err((
            format!("website `{website}` must start with https://"),
            "use the https address of the site; visitors must not be sent over plain http".into(),
        )),
    }
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(crate) fn is_email(email: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
# Support services
- id: emergency-services
  name: Emergency services
  kind: emergency
  phone: \"999\"
  verified: 2026-10-01
";

    /// Parse GOOD plus `entry` (which starts on line 7); the problems, as printed.
    fn problems(entry: &str) -> Vec<String> {
        let text = format!("{GOOD}{entry}");
        let errors = ServiceRegistry::parse(&text, Path::new("data/services.yaml"), "GB")
            .expect_err("the entry is bad");
        let mut report = crate::diagnostics::Diagnostics::default();
        report.extend(errors);
        report
            .render_human(false)
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn helpline(field: &str) -> String {
        format!("- id: helpline\n  name: A helpline\n  kind: helpline\n  {field}\n")
    }

    #[test]
    fn a_good_registry_reads_numbers_for_the_country() {
        let text = format!("{GOOD}{}", helpline("phone: 0808 802 0300"));
        let registry =
            ServiceRegistry::parse(&text, Path::new("data/services.yaml"), "GB").unwrap();
        let lines: Vec<Option<usize>> = registry.sources.iter().map(|s| s.line).collect();
        assert_eq!(lines, [Some(2), Some(7)]);
        let phone = registry
            .get("helpline")
            .and_then(|s| s.phone.clone())
            .unwrap();
        assert_eq!(phone.href, "tel:+448088020300");
        assert_eq!(
            registry
                .get("emergency-services")
                .unwrap()
                .phone
                .as_ref()
                .unwrap()
                .href,
            "tel:999"
        );
    }

    #[test]
    fn bad_phone() {
        let shown = problems(&helpline("phone: 0808 802 030"));
        assert_eq!(shown[0], "error: data/services.yaml:7: service `helpline`: phone `0808 802 030` is not a valid number in GB", "{shown:?}");
        assert!(
            shown[1].contains("help: write the number as it is dialled"),
            "{shown:?}"
        );
    }

    #[test]
    fn bad_email() {
        let shown = problems(&helpline("email: help at example.org"));
        assert_eq!(shown[0], "error: data/services.yaml:7: service `helpline`: email `help at example.org` is not an email address", "{shown:?}");
    }

    #[test]
    fn http_website() {
        let shown = problems(&helpline("website: http://example.org/"));
        assert_eq!(shown[0], "error: data/services.yaml:7: service `helpline`: website `http://example.org/` must start with https://", "{shown:?}");
    }

    #[test]
    fn bad_date() {
        let shown = problems(&helpline("verified: 2026-02-30"));
        assert!(
            shown[0].starts_with("error: data/services.yaml:10"),
            "{shown:?}"
        );
        assert!(
            shown[0].contains("service `helpline`: `2026-02-30` is not a date"),
            "{shown:?}"
        );
    }

    #[test]
    fn duplicate_id() {
        let shown = problems("- id: emergency-services\n  name: Again\n  kind: emergency\n");
        assert_eq!(
            shown[0],
            "error: data/services.yaml:7: service `emergency-services`: this id is used twice",
            "{shown:?}"
        );
    }

    #[test]
    fn unknown_kind() {
        let shown = problems("- id: charity\n  name: A charity\n  kind: charity\n");
        assert!(
            shown[0].starts_with("error: data/services.yaml:9:"),
            "{shown:?}"
        );
        assert!(
            shown[0].contains(
                "service `charity`: kind: unknown variant `charity`, expected one of `emergency`"
            ),
            "{shown:?}"
        );
    }

    #[test]
    fn unknown_key_with_did_you_mean() {
        let shown = problems(&helpline("phon: 0808 802 0300"));
        assert!(
            shown[0].starts_with(
                "error: data/services.yaml:10:3: service `helpline`: unknown key `phon`"
            ),
            "{shown:?}"
        );
        assert_eq!(shown[1], "  help: did you mean `phone`?", "{shown:?}");
    }

    #[test]
    fn entries_may_be_written_in_any_block_layout() {
        let text = format!(
            "{GOOD}-\n  id: helpline\n  name: A helpline\n  kind: helpline\n  regions:\n  - england\n# a comment\n  phon: 1\n"
        );
        let errors = ServiceRegistry::parse(&text, Path::new("data/services.yaml"), "GB")
            .expect_err("phon is not a key");
        assert_eq!((errors[0].line, errors[0].column), (Some(14), Some(3)));
    }

    #[test]
    fn every_bad_entry_is_reported() {
        let shown = problems(&format!(
            "{}{}",
            helpline("phon: 1"),
            "- id: other\n  name: Other\n  kind: app\n  email: nope\n"
        ));
        let errors: Vec<&String> = shown.iter().filter(|l| l.starts_with("error")).collect();
        assert_eq!(errors.len(), 2, "{shown:?}");
        assert!(
            errors[1].starts_with("error: data/services.yaml:11: service `other`"),
            "{shown:?}"
        );
    }
}
