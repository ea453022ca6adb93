//! Writes a synthetic support site of N pages for the build benchmark
//! (`benches/build.sh`): `cargo run --release --example gen-site -- DIR N`.
//!
//! Layout: `content/_index.md`, twelve topics (`tNN/_index.md`), and sections
//! of 40 pages (`tNN/sNNNN/_index.md` and `page-MMM.md`). The topics keep the
//! site navigation that every page carries at a real site's size; with every
//! section at the top, each page would list all N/40 sections and the work per
//! page would grow with the site.
//!
//! Every page has 600 to 1,500 words of Markdown: headings, paragraphs with
//! emphasis, lists, a table in half the pages, links to pages and `#anchors`
//! that exist, registered phone numbers, and now and then a service shortcode.
//! The same N on the same day gives the same files: review dates are counted
//! back from today so that the site never goes stale.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const TOPICS: usize = 12;
/// Files per section: its `_index.md` and 39 pages.
const SECTION_FILES: usize = 40;

const WORDS: &[&str] = &[
    "support",
    "safety",
    "evidence",
    "police",
    "report",
    "advice",
    "contact",
    "friend",
    "family",
    "helpline",
    "message",
    "phone",
    "online",
    "account",
    "campus",
    "halls",
    "tutor",
    "court",
    "order",
    "diary",
    "record",
    "behaviour",
    "pattern",
    "fear",
    "worry",
    "someone",
    "person",
    "place",
    "home",
    "work",
    "route",
    "time",
    "plan",
    "help",
    "options",
    "rights",
    "law",
    "stalking",
    "harassment",
    "unwanted",
    "gifts",
    "calls",
    "texts",
    "posts",
    "photos",
    "location",
    "tracking",
    "device",
    "settings",
    "password",
    "privacy",
    "trust",
    "feelings",
    "sleep",
    "stress",
    "counsellor",
    "wellbeing",
    "service",
    "adviser",
    "caseworker",
    "officer",
    "statement",
    "crime",
    "reference",
    "number",
    "date",
    "details",
    "screenshots",
    "copies",
    "notes",
    "changes",
    "steps",
    "choices",
    "decision",
    "risk",
    "danger",
    "together",
    "alone",
    "quickly",
    "carefully",
    "often",
    "always",
    "never",
    "sometimes",
    "usually",
    "clearly",
    "calmly",
    "safely",
    "privately",
    "openly",
    "the",
    "a",
    "your",
    "their",
    "this",
    "that",
    "with",
    "without",
    "about",
    "after",
    "before",
    "during",
    "because",
    "when",
    "if",
    "and",
    "or",
    "but",
    "can",
    "may",
    "should",
    "will",
    "could",
    "keep",
    "write",
    "tell",
    "ask",
    "call",
    "save",
    "change",
    "check",
    "share",
    "block",
    "leave",
    "stay",
    "find",
    "talk",
    "listen",
    "believe",
    "matters",
    "happens",
    "continues",
    "stops",
    "starts",
    "helps",
    "works",
];

const HEADINGS: &[&str] = &[
    "What to do now",
    "Keeping a record",
    "Talking to someone",
    "Reporting to the police",
    "Staying safe online",
    "Staying safe at home",
    "On campus",
    "Getting an order",
    "What the law says",
    "If you are a friend",
    "Looking after yourself",
    "Evidence that helps",
    "Phones and accounts",
    "Travelling safely",
    "Where to get help",
    "What happens next",
    "Questions people ask",
    "Your choices",
];

/// Sentences naming registered numbers, as support pages write them.
const PHONE_SENTENCES: &[&str] = &[
    "If you are in danger now, call 999 and ask for the police.",
    "You can call the National Stalking Helpline on 0808 802 0300 for advice.",
    "If you cannot speak, the textphone number is 18000.",
    "To report something that is not an emergency, call 101.",
    "Victim Support is free and confidential on 0808 168 9111.",
    "Samaritans listen at any time of day or night on 116 123.",
    "Crimestoppers takes reports without your name on 0800 555 111.",
];

/// A small, fixed pseudo-random generator (SplitMix64): the same seed gives the same site.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Which sections exist and how many pages each holds (its index not counted).
struct Layout {
    /// Section number → (topic, pages).
    sections: Vec<(usize, usize)>,
    topics: usize,
}

/// A page of the site: section number and page number (0 for the section's `_index.md`).
#[derive(Clone, Copy)]
struct PageId {
    section: usize,
    page: usize,
}

impl Layout {
    /// Home, topics and sections of 40 files: `total` Markdown files in all.
    fn new(total: usize) -> Layout {
        let section_count = (total.saturating_sub(1 + TOPICS))
            .div_ceil(SECTION_FILES)
            .max(1);
        let topics = TOPICS.min(section_count);
        let mut left = total.saturating_sub(1 + topics).max(1);
        let sections = (0..section_count)
            .map(|s| {
                let files = left.clamp(1, SECTION_FILES);
                left -= files.min(left);
                (s * topics / section_count, files - 1)
            })
            .collect();
        Layout { sections, topics }
    }

    fn dir(&self, section: usize) -> String {
        format!("t{:02}/s{:04}", self.sections[section].0 + 1, section + 1)
    }

    fn file(&self, id: PageId) -> String {
        match id.page {
            0 => format!("{}/_index.md", self.dir(id.section)),
            n => format!("{}/page-{n:03}.md", self.dir(id.section)),
        }
    }

    fn random_page(&self, rng: &mut Rng) -> PageId {
        let section = rng.below(self.sections.len());
        PageId {
            section,
            page: rng.below(self.sections[section].1 + 1),
        }
    }

    /// How `from` links to `to`: a Markdown file path relative to `from`'s folder.
    fn relative_link(&self, from: PageId, to: PageId) -> String {
        let target = self.file(to);
        if self.sections[from.section].0 == self.sections[to.section].0 {
            let (_, in_topic) = target.split_once('/').unwrap_or(("", &target));
            format!("../{in_topic}")
        } else {
            format!("../../{target}")
        }
    }
}

/// The headings of a page, derived from its id alone, so other pages can link to them.
fn headings(id: PageId) -> Vec<&'static str> {
    let mut rng = Rng::new((id.section as u64) << 20 | id.page as u64);
    let count = rng.between(4, 8);
    let first = rng.below(HEADINGS.len());
    (0..count)
        .map(|k| HEADINGS[(first + k) % HEADINGS.len()])
        .collect()
}

/// The id a heading gets (the renderer's slugify of plain words).
fn anchor(heading: &str) -> String {
    heading.to_lowercase().replace(' ', "-")
}

/// Between `low` and `high` words of the vocabulary.
fn words(rng: &mut Rng, low: usize, high: usize) -> String {
    let mut out = String::new();
    for i in 0..rng.between(low, high) {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One sentence, sometimes with emphasis, a quotation or a link.
fn sentence(rng: &mut Rng, layout: &Layout, id: PageId, out: &mut String) {
    let mut text = capitalised(&words(rng, 6, 16));
    match rng.below(12) {
        0 => text.push_str(&format!(" **{}**", words(rng, 2, 2))),
        1 => text.push_str(&format!(" *{}*", words(rng, 3, 3))),
        2 => text.push_str(&format!(
            " \"{}\" and it's {}",
            words(rng, 2, 2),
            words(rng, 1, 1)
        )),
        3 | 4 => text.push_str(&format!(
            " [{}]({})",
            words(rng, 3, 3),
            link(rng, layout, id)
        )),
        _ => {}
    }
    out.push_str(&text);
    out.push_str(". ");
}

/// A link target that exists: another page (sometimes at one of its headings),
/// a heading of this page, a section, or now and then another site.
fn link(rng: &mut Rng, layout: &Layout, id: PageId) -> String {
    match rng.below(10) {
        0 => format!("#{}", anchor(rng.pick(&headings(id)))),
        1 => "https://www.gov.uk/report-crime".into(),
        2 => format!("/{}/", layout.dir(layout.random_page(rng).section)),
        3..=5 => {
            let to = layout.random_page(rng);
            let heading = anchor(rng.pick(&headings(to)));
            format!("{}#{heading}", layout.relative_link(id, to))
        }
        _ => layout.relative_link(id, layout.random_page(rng)),
    }
}

fn paragraph(rng: &mut Rng, layout: &Layout, id: PageId, out: &mut String) -> usize {
    let start = out.len();
    for _ in 0..rng.between(2, 5) {
        sentence(rng, layout, id, out);
    }
    if rng.chance(25) {
        out.push_str(rng.pick(PHONE_SENTENCES));
    }
    let written = out[start..].split_whitespace().count();
    out.push_str("\n\n");
    written
}

fn list(rng: &mut Rng, out: &mut String) -> usize {
    let numbered = rng.chance(40);
    let mut written = 0;
    for i in 1..=rng.between(3, 7) {
        let item = capitalised(&words(rng, 4, 12));
        written += item.split_whitespace().count();
        if numbered {
            writeln!(out, "{i}. {item}").unwrap();
        } else {
            writeln!(out, "- {item}").unwrap();
        }
    }
    out.push('\n');
    written
}

fn table(rng: &mut Rng, out: &mut String) -> usize {
    out.push_str("| Where | What to keep | Who can help |\n|---|---|---|\n");
    let mut written = 6;
    for _ in 0..rng.between(3, 8) {
        let cells = [words(rng, 2, 2), words(rng, 5, 5), words(rng, 3, 3)];
        written += 10;
        writeln!(out, "| {} | {} | {} |", cells[0], cells[1], cells[2]).unwrap();
    }
    out.push('\n');
    written
}

/// The Markdown body: an introduction, then headings with their blocks until
/// the page has its 600 to 1,500 words.
fn body(rng: &mut Rng, layout: &Layout, id: PageId) -> String {
    let target = rng.between(600, 1500);
    let heads = headings(id);
    let with_table = rng.chance(50).then(|| rng.below(heads.len()));
    let mut out = String::with_capacity(target * 8);
    let mut written = paragraph(rng, layout, id, &mut out);
    if rng.chance(20) {
        out.push_str("{{ service(id=\"national-stalking-helpline\") }}\n\n");
    }
    for (k, heading) in heads.iter().enumerate() {
        writeln!(out, "## {heading}\n").unwrap();
        let quota = written + (target - written.min(target)) / (heads.len() - k);
        // At least one block under every heading, then more until the quota.
        loop {
            written += match rng.below(5) {
                0 => list(rng, &mut out),
                _ => paragraph(rng, layout, id, &mut out),
            };
            if written >= quota {
                break;
            }
        }
        if with_table == Some(k) {
            written += table(rng, &mut out);
        }
    }
    out
}

fn front_matter(rng: &mut Rng, title: &str, weight: usize, today: chrono::NaiveDate) -> String {
    let reviewed = today - chrono::Days::new(rng.below(200) as u64);
    let services = match rng.below(4) {
        0 => "services: [national-stalking-helpline, victim-support]\n",
        1 => "services: [samaritans]\n",
        _ => "",
    };
    format!(
        "---\ntitle: \"{title}\"\ndescription: \"{}.\"\nweight: {weight}\nreviewed: {reviewed}\nowner: Support team\n{services}---\n\n",
        capitalised(&words(rng, 8, 16))
    )
}

fn page_text(layout: &Layout, id: PageId, today: chrono::NaiveDate) -> String {
    let mut rng = Rng::new(((id.section as u64) << 20 | id.page as u64) ^ 0x5eed);
    let title = match id.page {
        0 => format!("Section {}: {}", id.section + 1, rng.pick(HEADINGS)),
        n => format!("{} ({}.{n})", rng.pick(HEADINGS), id.section + 1),
    };
    let mut text = front_matter(&mut rng, &title, id.page * 10, today);
    text.push_str(&body(&mut rng, layout, id));
    text
}

fn write(path: PathBuf, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn site_files(dir: &Path, layout: &Layout, today: chrono::NaiveDate) {
    write(dir.join("site.yaml"), SITE_YAML);
    write(
        dir.join("data/services.yaml"),
        &SERVICES_YAML.replace("VERIFIED", &today.to_string()),
    );
    let home = format!(
        "---\ntitle: Stalking and harassment support\ndescription: Generated support site for the build benchmark.\nreviewed: {today}\nowner: Support team\n---\n\nEvery topic of this site is listed below. In an emergency call 999.\n"
    );
    write(dir.join("content/_index.md"), &home);
    for topic in 1..=layout.topics {
        let text = format!(
            "---\ntitle: Topic {topic}\ndescription: The sections of topic {topic}.\nweight: {topic}\nreviewed: {today}\nowner: Support team\n---\n\nThe sections of this topic.\n"
        );
        write(dir.join(format!("content/t{topic:02}/_index.md")), &text);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(Ok(total))) = (args.first(), args.get(1).map(|n| n.parse::<usize>()))
    else {
        eprintln!("usage: gen-site DIR N   (N pages, at least 20)");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let layout = Layout::new(total.max(20));
    let today = chrono::Local::now().date_naive();
    let _ = std::fs::remove_dir_all(dir.join("content"));
    site_files(dir, &layout, today);
    let mut files = 1 + layout.topics;
    for (section, &(_, pages)) in layout.sections.iter().enumerate() {
        for page in 0..=pages {
            let id = PageId { section, page };
            let path = dir.join("content").join(layout.file(id));
            write(path, &page_text(&layout, id, today));
            files += 1;
        }
    }
    println!("wrote {files} pages to {}", dir.display());
}

const SITE_YAML: &str = "\
title: Stalking and harassment support
description: A generated site for the signpost build benchmark.
base_url: https://www.example.org/support/
language: en-GB
country: GB
theme: default
brand:
  name: Benchmark University
  colours: { primary: \"#1d4f91\", accent: \"#ffdd00\" }
quick_exit:
  url: https://www.bbc.co.uk/weather
  label: Leave this site
emergency: [emergency-services]
review:
  every_months: 12
privacy:
  allow: []
";

const SERVICES_YAML: &str = "\
- id: emergency-services
  name: Emergency services
  kind: emergency
  summary: Police, ambulance or fire service when you or someone else is in danger right now.
  phone: \"999\"
  textphone: \"18000\"
  hours: 24 hours a day, every day
  cost: Free
  regions: [england, wales, scotland, northern-ireland]
  tags: [emergency, police]
  verified: VERIFIED

- id: police-non-emergency
  name: Police non-emergency number
  kind: reporting
  summary: Report stalking or harassment to your local police when you are not in danger right now.
  phone: \"101\"
  website: https://www.police.uk/
  hours: 24 hours a day, every day
  cost: Free
  tags: [police, reporting]
  verified: VERIFIED

- id: national-stalking-helpline
  name: National Stalking Helpline
  kind: helpline
  summary: Advice for anyone affected by stalking, and the people around them.
  phone: 0808 802 0300
  website: https://www.suzylamplugh.org/
  hours: Weekdays 9:30am to 4pm, Wednesdays 1pm to 4pm
  cost: Free
  regions: [england, wales]
  tags: [stalking, advice]
  verified: VERIFIED

- id: victim-support
  name: Victim Support
  kind: organisation
  summary: Free, confidential support for anyone affected by crime, whether or not it was reported.
  phone: 0808 168 9111
  website: https://www.victimsupport.org.uk/
  hours: 24 hours a day, every day
  cost: Free
  tags: [support]
  verified: VERIFIED

- id: samaritans
  name: Samaritans
  kind: helpline
  summary: Someone to listen, whatever you are going through.
  phone: 116 123
  website: https://www.samaritans.org/
  hours: 24 hours a day, every day
  cost: Free
  anonymous: true
  tags: [wellbeing]
  verified: VERIFIED

- id: crimestoppers
  name: Crimestoppers
  kind: reporting
  summary: Report a crime without giving your name.
  phone: 0800 555 111
  website: https://crimestoppers-uk.org/
  hours: 24 hours a day, every day
  cost: Free
  anonymous: true
  tags: [reporting]
  verified: VERIFIED
";
