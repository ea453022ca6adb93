//! SVG files of the site. Shown with `<img>`, an SVG runs nothing and loads
//! nothing; opened by itself (its address typed or linked), it is a document
//! of the site's origin, and on a host that sends no headers no policy stops
//! its scripts or what it loads. So an SVG file may hold no script, event
//! handler, `javascript:` link or `<foreignObject>`, and load nothing from
//! another site (`<image href>`, `<use href>`, CSS, `<?xml-stylesheet?>`).

use super::privacy::{breach_findings, css_findings, unreadable_finding, url_findings};
use super::urls::Origins;
use super::{scan, Finding};

const SCRIPT_HINT: &str =
    "remove it: an image needs no code, and opened by itself the file runs it as the site";

/// Every rule over one SVG file (its path in the output).
pub fn check(path: &str, bytes: &[u8], origins: &Origins) -> Vec<Finding> {
    let scan = scan(bytes);
    let mut findings = url_findings(path, &scan, origins);
    let finding = |message: String, hint: &str| Finding {
        page: path.to_string(),
        message,
        hint: hint.to_string(),
        ..Finding::default()
    };
    let scripts = scan.inline_scripts + scan.urls.iter().filter(|u| u.tag == "script").count();
    if scripts > 0 {
        findings.push(finding(
            format!("the SVG image has {scripts} <script> element(s), which run as the site when the file is opened by itself"),
            SCRIPT_HINT,
        ));
    }
    for element in &scan.event_handlers {
        findings.push(finding(
            format!("{element} is an event handler, which runs as the site when the SVG file is opened by itself"),
            SCRIPT_HINT,
        ));
    }
    if scan.foreign_objects > 0 {
        findings.push(finding(
            "the SVG image has a <foreignObject>, a web page inside the image".into(),
            "remove it: draw the image with SVG shapes and text only",
        ));
    }
    for inline in &scan.inline_css {
        findings.extend(css_findings(
            path,
            Some(&inline.element),
            &inline.css,
            origins,
        ));
    }
    findings.extend(breach_findings(path, &scan));
    findings.extend(unreadable_finding(path, &scan));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(svg: &str) -> Vec<String> {
        let origins = Origins::new(Some("https://example.org/"), &[]);
        check("img/a.svg", svg.as_bytes(), &origins)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn a_plain_svg_passes() {
        let logo = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
                    xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 8 8\">\
                    <title>Logo</title><defs><linearGradient id=\"g\"/></defs>\
                    <rect style=\"fill:#000\" fill=\"url(#g)\" width=\"8\" height=\"8\"/>\
                    <use href=\"#g\"/><image href=\"data:image/png;base64,AA\"/></svg>";
        assert!(messages(logo).is_empty(), "{:?}", messages(logo));
    }

    #[test]
    fn code_and_loads_from_other_sites() {
        let svg = "<?xml-stylesheet type=\"text/css\" href=\"https://evil.example/s.css\"?>\
                   <svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script>\
                   <rect onload=\"go()\" fill=\"url(https://evil.example/p.svg#p)\"/>\
                   <a xlink:href=\"javascript:alert(1)\"><text>x</text></a>\
                   <image href=\"https://evil.example/x.png\"/><use href=\"//evil.example/u.svg#a\"/>\
                   <set attributeName=\"href\" to=\"javascript:alert(2)\"/>\
                   <foreignObject><p>hi</p></foreignObject></svg>";
        assert_eq!(
            messages(svg),
            [
                "<?xml-stylesheet href=\"https://evil.example/s.css\"> loads from evil.example, another site, which would learn of every visit",
                "<rect fill=\"https://evil.example/p.svg#p\"> loads from evil.example, another site, which would learn of every visit",
                "<a xlink:href=\"javascript:alert(1)\"> runs a javascript: URL",
                "<image href=\"https://evil.example/x.png\"> loads from evil.example, another site, which would learn of every visit",
                "<use href=\"//evil.example/u.svg#a\"> loads from evil.example, another site, which would learn of every visit",
                "<set to=\"javascript:alert(2)\"> runs a javascript: URL",
                "the SVG image has 1 <script> element(s), which run as the site when the file is opened by itself",
                "<rect onload=\"go()\"> is an event handler, which runs as the site when the SVG file is opened by itself",
                "the SVG image has a <foreignObject>, a web page inside the image",
            ]
        );
    }
}
