//! The guidance checker, through the library (no server): prints blame precision and
//! recall per language over the labelled corpus and the held-out set, then times
//! checking a review of about 5,000 words (public audience, language detected per
//! sentence) and prints p50/p99/max beside the target (< 5 ms). Never asserts.
//!
//! Run: `cargo bench --bench guidance`.

#[path = "support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use hindsight::guidance::{Audience, CustomRules, Lang, check};
use serde::Deserialize;
use support::verdict;

const TARGET: Duration = Duration::from_millis(5);
const REVIEW_WORDS: usize = 5_000;
const WARM_UP: usize = 20;
const SAMPLES: usize = 200;
const CORPORA: [&str; 2] = ["blame.jsonl", "holdout.jsonl"];

/// Plain review text between the corpus sentences: times with and without zones, host
/// names, tickets and addresses, so the public rules have work to do.
const PLAIN: [&str; 6] = [
    "Between 14:05 and 14:47 UTC, about 3% of card payments failed and customers saw an error page at checkout.",
    "We traced the errors to a configuration change on db-prod-03.internal that lowered the connection limit (OPS-1234).",
    "Traffic from 10.0.4.17 was moved to a healthy replica at 14:31, and error rates fell within two minutes.",
    "결제 오류는 14:05부터 14:47(KST)까지 42분 동안 이어졌고, 일부 고객이 결제 화면에서 오류를 보았습니다.",
    "We are adding an automatic check that rejects connection limits below the expected peak, and a clearer alert for the payment team.",
    "변경 전 검사를 추가하고, 알림이 결제 팀에 바로 전달되도록 라우팅을 고치고 있습니다.",
];

#[derive(Deserialize)]
struct Labelled {
    lang: String,
    blame: bool,
    text: String,
}

fn main() {
    let corpus_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/guidance");
    let mut sentences: Vec<String> = Vec::new();
    println!("guidance: blame precision and recall (team audience, language detected)");
    for file in CORPORA {
        let labelled = read_corpus(&format!("{corpus_dir}/{file}"));
        for lang in ["en", "ko"] {
            let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
            for item in labelled.iter().filter(|l| l.lang == lang) {
                let flagged = check(
                    &item.text,
                    Audience::Team,
                    Lang::Auto,
                    &CustomRules::default(),
                )
                .iter()
                .any(|finding| finding.category.counts_as_blame());
                match (item.blame, flagged) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fn_ += 1,
                    (false, false) => {}
                }
            }
            let precision = f64::from(tp) / f64::from((tp + fp).max(1));
            let recall = f64::from(tp) / f64::from((tp + fn_).max(1));
            println!(
                "  {file:<14} {lang}: precision {precision:.3} (target >= 0.90: {}), recall {recall:.3} (target >= 0.85: {})",
                verdict(precision >= 0.90),
                verdict(recall >= 0.85)
            );
        }
        sentences.extend(labelled.into_iter().map(|l| l.text));
    }

    let review = build_review(&sentences);
    let words = review.split_whitespace().count();
    let custom = CustomRules::from_lines("cowboy deploy", "payments-api\nTeam Falcon\n결제팀");
    let findings = check(&review, Audience::Public, Lang::Auto, &custom).len();
    println!(
        "\nchecking a review of {words} words ({} bytes, {findings} findings), public audience, lang auto",
        review.len()
    );
    for _ in 0..WARM_UP {
        std::hint::black_box(check(&review, Audience::Public, Lang::Auto, &custom));
    }
    let mut timings: Vec<Duration> = (0..SAMPLES)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(check(
                std::hint::black_box(&review),
                Audience::Public,
                Lang::Auto,
                &custom,
            ));
            started.elapsed()
        })
        .collect();
    timings.sort();
    let percentile = |p: usize| timings[(timings.len() * p / 100).min(timings.len() - 1)];
    let (p50, p99, max) = (percentile(50), percentile(99), timings[timings.len() - 1]);
    println!(
        "  {SAMPLES} runs: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; target p99 < {} ms: {}",
        ms(p50),
        ms(p99),
        ms(max),
        TARGET.as_millis(),
        verdict(p99 < TARGET)
    );
}

fn read_corpus(path: &str) -> Vec<Labelled> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect()
}

/// Corpus sentences and plain paragraphs, in turn, until the review has enough words.
fn build_review(sentences: &[String]) -> String {
    let mut review = String::from("Payment failures on checkout\n\n");
    let mut words = 0;
    let mut paragraph = 0;
    while words < REVIEW_WORDS {
        for (index, sentence) in sentences.iter().enumerate() {
            if words >= REVIEW_WORDS {
                break;
            }
            review.push_str(sentence);
            review.push(' ');
            words += sentence.split_whitespace().count();
            if index % 4 == 3 {
                let plain = PLAIN[paragraph % PLAIN.len()];
                review.push_str(plain);
                review.push_str("\n\n");
                words += plain.split_whitespace().count();
                paragraph += 1;
            }
        }
    }
    review
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
