//! The user's files: signpost replaces only what it wrote, never leaves the
//! output missing or half-written, cleans up after itself even when killed,
//! and lets one build at a time write a folder.

use crate::support::SiteTest;
use std::fs;
use std::path::{Path, PathBuf};

/// Every file below `dir`, with its bytes, in order.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Names in `dir` that signpost gives its staging, swapped-out and lock
/// files (not the spare, which a rebuild keeps: see [`spare`]).
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".signpost-") && !n.ends_with(".signpost-spare"))
        .collect()
}

/// The id of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn manifest(files: &[&str]) -> String {
    let mut text = "signpost output, version 2\n# a comment\n".to_string();
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

#[test]
fn keeps_a_host_verification_file() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let public = site.site().join("public");
    fs::write(
        public.join("google123.html"),
        "google-site-verification: 123",
    )
    .unwrap();
    let before = snapshot(&public);
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "refusing to build into public: it holds 1 file signpost did not write: google123.html",
        "move it to static/ so signpost copies it into every build",
    ]);
    assert_eq!(before, snapshot(&public), "the output was changed");
    assert_eq!(leftovers(&site.site()), Vec::<String>::new());
    // Doing what the message says works: the file is published by every build.
    fs::rename(public.join("google123.html"), {
        fs::create_dir_all(site.site().join("static")).unwrap();
        site.site().join("static/google123.html")
    })
    .unwrap();
    site.run(&["build"]).expect_success();
    assert_eq!(
        site.read_output("google123.html"),
        "google-site-verification: 123"
    );
}

#[test]
fn names_the_first_few_foreign_files_and_counts_the_rest() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let public = site.site().join("public");
    for name in ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"] {
        fs::write(public.join(name), name).unwrap();
    }
    fs::create_dir_all(public.join("uploads/2026")).unwrap();
    fs::write(public.join("uploads/2026/report.pdf"), "pdf").unwrap();
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "it holds 7 files signpost did not write: a.txt, b.txt, c.txt, d.txt, e.txt and 2 more",
        "move them to static/",
    ]);
    assert!(public.join("uploads/2026/report.pdf").exists());
}

#[test]
fn refuses_a_folder_made_by_another_tool() {
    let site = SiteTest::from_fixture("basic");
    site.write("elsewhere/precious.txt", "keep me");
    site.write("elsewhere/photos/cat.jpg", "cat");
    let before = snapshot(&site.site().join("elsewhere"));
    site.run(&["build", "-o", "elsewhere"])
        .expect_failure()
        .expect_stderr(&[
            "refusing to build into elsewhere: it holds 2 files not written by signpost",
            "photos/, precious.txt",
            "move them to static/ so signpost copies them into every build",
        ]);
    assert_eq!(before, snapshot(&site.site().join("elsewhere")));
}

#[test]
fn builds_into_an_empty_folder() {
    let site = SiteTest::from_fixture("basic");
    fs::create_dir_all(site.site().join("elsewhere")).unwrap();
    site.run(&["build", "-o", "elsewhere"]).expect_success();
    assert!(site.site().join("elsewhere/index.html").is_file());
}

#[test]
fn takes_an_output_of_the_previous_version_as_its_own() {
    let site = SiteTest::from_fixture("basic");
    site.write(
        "public/.signpost-output",
        "This folder is written by signpost and replaced on every build.\n",
    );
    site.write("public/a-page-since-removed/index.html", "old");
    site.build();
    let public = site.site().join("public");
    assert!(!public.join("a-page-since-removed").exists());
    assert!(public.join("index.html").is_file());
    let record = fs::read_to_string(public.join(".signpost-output")).unwrap();
    assert!(
        record.starts_with("signpost output, version 2\n"),
        "{record}"
    );
    assert!(
        record.lines().any(|l| l == "law/england/index.html"),
        "{record}"
    );
}

#[cfg(unix)]
#[test]
fn builds_through_a_symlinked_output_into_its_target() {
    let site = SiteTest::from_fixture("basic");
    let www = site.dir.path().join("www");
    let root = www.join("site");
    fs::create_dir_all(&root).unwrap();
    let public = site.site().join("public");
    std::os::unix::fs::symlink(&root, &public).unwrap();
    site.run(&["build"])
        .expect_success()
        .expect_stderr(&[&format!("→ public (a link to {})", root.display())]);
    let england = fs::metadata(root.join("law/england/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    site.write(
        "content/law/scotland.md",
        "---\ntitle: Scotland\ndescription: d\nreviewed: 2026-09-14\n---\n## What the law says\n\nNew.\n",
    );
    site.build();
    assert!(
        fs::symlink_metadata(&public).unwrap().is_symlink(),
        "the link was replaced"
    );
    assert_eq!(fs::read_link(&public).unwrap(), root);
    assert!(site.read_output("law/scotland/index.html").contains("New."));
    let modified = fs::metadata(root.join("law/england/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(england, modified, "an unchanged page keeps its time");
    assert_eq!(leftovers(&www), Vec::<String>::new());
    assert_eq!(leftovers(&site.site()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn refuses_a_symlink_to_nowhere() {
    let site = SiteTest::from_fixture("basic");
    let gone = site.dir.path().join("www/gone");
    std::os::unix::fs::symlink(&gone, site.site().join("public")).unwrap();
    site.run(&["build"]).expect_failure().expect_stderr(&[
        &format!(
            "public: it is a link to {}, which does not exist",
            gone.display()
        ),
        "create the folder the link points to",
    ]);
    assert!(fs::symlink_metadata(site.site().join("public"))
        .unwrap()
        .is_symlink());
}

#[test]
fn removes_staging_folders_left_by_a_killed_build() {
    let site = SiteTest::from_fixture("basic");
    let dead = dead_pid();
    let stale = site.site().join(format!(".public.signpost-staging-{dead}"));
    site.write(
        &format!(".public.signpost-staging-{dead}/.signpost-output"),
        manifest(&["index.html", "big/file.bin"]),
    );
    site.write(
        &format!(".public.signpost-staging-{dead}/big/file.bin"),
        vec![0u8; 4096],
    );
    // Not to be touched: a running process's, and look-alikes.
    let running = format!(".public.signpost-staging-{}", std::process::id());
    site.write(
        &format!("{running}/.signpost-output"),
        manifest(&["index.html"]),
    );
    site.write(&format!("{running}/index.html"), "being written");
    let unmarked = format!(".public.signpost-staging-{}", dead_pid());
    site.write(&format!("{unmarked}/notes.txt"), "mine");
    site.write(
        &format!(".public.signpost-staging-0{dead}/.signpost-output"),
        manifest(&[]),
    );
    site.build();
    assert!(!stale.exists(), "the stale staging folder is still there");
    let mut left = leftovers(&site.site());
    left.sort();
    let mut expected = vec![
        running,
        unmarked,
        format!(".public.signpost-staging-0{dead}"),
    ];
    expected.sort();
    assert_eq!(left, expected);
}

#[test]
fn puts_back_an_output_a_killed_build_had_moved_aside() {
    // Where the system cannot swap two folders at once, a build renames
    // twice; killed between the two, it leaves the output moved aside.
    let site = SiteTest::from_fixture("basic");
    let dead = dead_pid();
    site.write(
        &format!(".public.signpost-old-{dead}/.signpost-output"),
        manifest(&["index.html"]),
    );
    site.write(
        &format!(".public.signpost-old-{dead}/index.html"),
        "the live site",
    );
    site.write("content/law/england.md", "---\ntitle: [unclosed\n---\n");
    site.run(&["build"]).expect_failure();
    assert_eq!(site.read_output("index.html"), "the live site");
    assert_eq!(leftovers(&site.site()), Vec::<String>::new());
}

#[test]
fn a_second_build_of_the_same_folder_waits_its_turn() {
    let site = SiteTest::from_fixture("basic");
    let lock_path = site.site().join(".public.signpost-lock");
    let mut lock = fs::File::create(&lock_path).unwrap();
    lock.try_lock().unwrap();
    std::io::Write::write_all(&mut lock, std::process::id().to_string().as_bytes()).unwrap();
    site.run(&["build"])
        .expect_failure()
        .expect_stderr(&[&format!(
            "another build is writing public (PID {}); wait for it to finish",
            std::process::id()
        )]);
    assert!(!site.site().join("public").exists());
    drop(lock);
    site.build();
    assert_eq!(leftovers(&site.site()), Vec::<String>::new());
}

#[test]
fn a_file_and_a_folder_at_the_same_place_is_a_clear_error() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    let before = snapshot(&site.site().join("public"));
    site.write("static/law", "a file where the law section's folder goes");
    site.run(&["build"]).expect_failure().expect_stderr(&[
        "the site has both a file law and a folder law/ (with law/",
        "rename one of them",
    ]);
    assert!(!site.run(&["build"]).stderr().contains("signpost-staging"));
    assert_eq!(before, snapshot(&site.site().join("public")));
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_no_staging_folder_and_the_old_output() {
    use rustix::process::{kill_process, Pid, Signal};
    let site = SiteTest::from_fixture("basic");
    site.build();
    let public = site.site().join("public");
    let before = snapshot(&public);
    // Enough to write that the signal comes while it is being written.
    for i in 0..4000 {
        site.write(
            &format!("static/files/{}/{i}.bin", i % 40),
            vec![i as u8; 16 * 1024],
        );
    }
    for signal in [Signal::INT, Signal::TERM] {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_signpost"))
            .arg("build")
            .current_dir(site.site())
            .env("SIGNPOST_TODAY", "2026-11-21")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let staging: PathBuf = site
            .site()
            .join(format!(".public.signpost-staging-{}/files", child.id()));
        let started = std::time::Instant::now();
        while !staging.exists() {
            assert!(
                started.elapsed().as_secs() < 60,
                "the build never started writing"
            );
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        let pid = Pid::from_raw(child.id() as i32).unwrap();
        kill_process(pid, signal).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{signal:?}: {stderr}");
        assert!(
            stderr.contains("interrupted: public left as it was"),
            "{stderr}"
        );
        assert_eq!(leftovers(&site.site()), Vec::<String>::new(), "{signal:?}");
        assert!(
            before == snapshot(&public),
            "{signal:?}: the output changed"
        );
    }
}

/// The spare beside `public`: the previous output, kept as the next build's
/// staging folder with only the files the output online shares with it.
fn spare(site: &SiteTest) -> PathBuf {
    site.site().join(".public.signpost-spare")
}

/// Every file below `dir` holds the same bytes as the file at its place in `live`.
fn each_file_is_in(dir: &Path, live: &Path) {
    let files = snapshot(dir);
    assert!(!files.is_empty());
    for (rel, bytes) in files {
        if rel == ".signpost-output" {
            continue;
        }
        let online = fs::read(live.join(&rel)).unwrap_or_else(|_| panic!("{rel} is not online"));
        assert_eq!(online, bytes, "{rel} differs from the output online");
    }
}

#[test]
fn the_spare_holds_only_what_is_online_and_a_rebuild_from_it_is_a_whole_build() {
    let site = SiteTest::from_fixture("basic");
    let scotland = |text: &str| {
        format!("---\ntitle: Scotland\ndescription: The law in Scotland.\nweight: 2\nreviewed: 2026-09-14\n---\n## What the law says\n\n{text}\n")
    };
    site.write("content/law/scotland.md", scotland("FIRST-VERSION"));
    site.build();
    site.write("content/law/scotland.md", scotland("SECOND-VERSION"));
    site.write(
        "content/gone.md",
        "---\ntitle: Gone soon\ndescription: d\nreviewed: 2026-09-14\n---\nGONE-PAGE\n",
    );
    site.build();
    let public = site.site().join("public");
    assert!(spare(&site).is_dir(), "no spare after a rebuild");
    each_file_is_in(&spare(&site), &public);
    let everything = |needle: &str| {
        walkdir::WalkDir::new(site.site())
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| {
                e.file_type().is_file() && !e.path().starts_with(site.site().join("content"))
            })
            .filter(|e| {
                fs::read(e.path())
                    .unwrap()
                    .windows(needle.len())
                    .any(|w| w == needle.as_bytes())
            })
            .map(|e| e.path().display().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        everything("FIRST-VERSION"),
        Vec::<String>::new(),
        "an old version is kept"
    );
    // Built from the spare: a page edited, a page removed.
    site.write("content/law/scotland.md", scotland("THIRD-VERSION"));
    site.remove("content/gone.md");
    site.build();
    each_file_is_in(&spare(&site), &public);
    assert_eq!(
        everything("SECOND-VERSION"),
        Vec::<String>::new(),
        "an old version is kept"
    );
    assert_eq!(
        everything("GONE-PAGE"),
        Vec::<String>::new(),
        "a removed page is kept"
    );
    assert!(!public.join("gone").exists());
    // The same as a whole build into a new folder.
    let fresh = site.site().join("fresh");
    site.run(&["build", "-o", "fresh"]).expect_success();
    let without_manifest = |dir: &Path| {
        let mut files = snapshot(dir);
        files.retain(|(rel, _)| rel != ".signpost-output");
        files
    };
    assert_eq!(without_manifest(&public), without_manifest(&fresh));
    assert_eq!(leftovers(&site.site()), Vec::<String>::new());
}

#[test]
fn a_spare_holding_a_file_signpost_did_not_write_is_left_alone() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    site.build();
    site.write(".public.signpost-spare/law/notes.txt", "mine");
    site.write("content/law/scotland.md", "---\ntitle: Scotland\ndescription: d\nweight: 2\nreviewed: 2026-09-14\n---\n## What the law says\n\nNEW-TEXT\n");
    site.build();
    assert_eq!(
        fs::read_to_string(spare(&site).join("law/notes.txt")).unwrap(),
        "mine"
    );
    assert!(site
        .read_output("law/scotland/index.html")
        .contains("NEW-TEXT"));
    site.build();
    assert_eq!(
        fs::read_to_string(spare(&site).join("law/notes.txt")).unwrap(),
        "mine"
    );
}

#[cfg(unix)]
#[test]
fn a_link_put_into_the_spare_is_never_written_through() {
    let site = SiteTest::from_fixture("basic");
    site.build();
    site.build();
    let outside = site.site().join("victim.txt");
    fs::write(&outside, "not signpost's").unwrap();
    // A listed file replaced by a link out of the spare.
    let england = spare(&site).join("law/england/index.html");
    fs::remove_file(&england).unwrap();
    std::os::unix::fs::symlink(&outside, &england).unwrap();
    let page = |title: &str, text: &str| {
        format!("---\ntitle: {title}\ndescription: d\nweight: 1\nreviewed: 2026-09-14\n---\n## What the law says\n\n{text}\n")
    };
    site.write("content/law/england.md", page("England", "NEW-ENGLAND"));
    site.build();
    assert_eq!(fs::read_to_string(&outside).unwrap(), "not signpost's");
    assert!(site
        .read_output("law/england/index.html")
        .contains("NEW-ENGLAND"));
    // A folder replaced by a link: the spare is not signpost's alone any more.
    let elsewhere = site.site().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let law = spare(&site).join("law");
    fs::remove_dir_all(&law).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &law).unwrap();
    site.write("content/law/scotland.md", page("Scotland", "NEW-SCOTLAND"));
    site.build();
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(fs::symlink_metadata(&law).unwrap().is_symlink());
    assert!(site
        .read_output("law/scotland/index.html")
        .contains("NEW-SCOTLAND"));
}
