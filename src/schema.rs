//! JSON Schema for the files editors write (site.yaml, page front matter,
//! data/services.yaml), generated from the very structs the parser reads them
//! into, so editor completion and validation cannot drift from signpost.
//! Draft 7, the draft editors' YAML support understands best.

use crate::config::SiteConfig;
use crate::frontmatter::FrontMatter;
use crate::services::Service;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// site.yaml
    Site,
    /// The front matter of a page
    Page,
    /// data/services.yaml
    Services,
}

/// The schema of one kind of file.
pub fn schema(kind: SchemaKind) -> Schema {
    let (mut schema, title, description) = match kind {
        SchemaKind::Site => (
            root::<SiteConfig>(),
            "signpost site.yaml",
            "The configuration of a signpost site.",
        ),
        SchemaKind::Page => (
            root::<FrontMatter>(),
            "signpost page front matter",
            "The YAML block between `---` lines at the top of a page.",
        ),
        SchemaKind::Services => (
            root::<Vec<Service>>(),
            "signpost data/services.yaml",
            "The support services registry: every helpline, organisation and reporting route, written once.",
        ),
    };
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema
}

fn root<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The schema as pretty-printed JSON, ending with a newline.
pub fn render(kind: SchemaKind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn json(kind: SchemaKind) -> Value {
        serde_json::from_str(&render(kind)).unwrap()
    }

    #[test]
    fn unknown_keys_are_refused_as_the_parser_refuses_them() {
        let page = json(SchemaKind::Page);
        assert_eq!(page["additionalProperties"], false);
        assert_eq!(page["required"], serde_json::json!(["title"]));
        assert_eq!(page["definitions"]["Date"]["format"], "date");
        let site = json(SchemaKind::Site);
        assert_eq!(site["additionalProperties"], false);
        assert_eq!(site["definitions"]["Brand"]["additionalProperties"], false);
        assert_eq!(site["definitions"]["Review"]["additionalProperties"], false);
        assert_eq!(site["properties"]["review"]["default"]["every_months"], 12);
        let statement = &site["definitions"]["Accessibility"];
        assert_eq!(statement["additionalProperties"], false);
        assert_eq!(
            statement["required"],
            serde_json::json!(["contact", "reply_within", "tested"])
        );
        let issue = &site["definitions"]["KnownIssue"]["anyOf"];
        assert_eq!(
            issue[0]["type"], "string",
            "a known issue may be a sentence"
        );
        assert_eq!(issue[1]["additionalProperties"], false);
    }

    #[test]
    fn services_are_a_list_of_service() {
        let services = json(SchemaKind::Services);
        assert_eq!(services["type"], "array");
        assert_eq!(services["items"]["$ref"], "#/definitions/Service");
        let service = &services["definitions"]["Service"];
        assert_eq!(service["additionalProperties"], false);
        assert!(service["properties"]["phone"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("0808 802 0300")));
        let kinds = &services["definitions"]["ServiceKind"]["enum"];
        assert_eq!(kinds.as_array().map(Vec::len), Some(5), "{kinds}");
    }
}
