//! Charts from hand-made data: the SVG is well-formed XML with the expected title, axis titles,
//! legend entries and one shape per drawn value in each series' colour; the PNG has the
//! requested size and is not blank; edge cases (empty, one point, zero goal, ten years,
//! negative and huge amounts, Cyrillic) draw without panicking.
use std::collections::HashMap;
use std::io::Cursor;

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use readerdesk_core::charts::{
    comments, donors, heatmap, monthly, mrr, progress, samples, summary, thermometer, timeline,
    ChartData, ChartKind, CommentBucket, CommentsData, DatedAmount, DatedCount, DonorBucket,
    DonorsData, Format, Granularity, HeatmapData, KeyNumber, MonthlyData, MrrData, Options, Output,
    ProgressData, Projection, RecurringFlow, RevenueBucket, Size, SummaryData, Theme,
    ThermometerData, TimelineData,
};

// Okabe–Ito, as the light theme draws them.
const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const GREEN: &str = "#009E73";
const VERMILLION: &str = "#D55E00";
const PURPLE: &str = "#CC79A7";
const WHITE: (u8, u8, u8) = (255, 255, 255);

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn large() -> Options {
    Options::sized(Size::Large, Theme::Light, "Europe/Kyiv")
}

fn small() -> Options {
    Options::sized(Size::Small, Theme::Light, "Europe/Kyiv")
}

/// An SVG document read with quick-xml: every element with its attributes, and the text of
/// every `<text>` element.
struct Svg {
    elements: Vec<(String, HashMap<String, String>)>,
    texts: Vec<Text>,
}

#[derive(Debug)]
struct Text {
    content: String,
    x: f64,
    y: f64,
    anchor: String,
    font_size: f64,
}

fn parse(svg: &str) -> Svg {
    let mut reader = Reader::from_str(svg);
    let mut elements = Vec::new();
    let mut texts = Vec::new();
    let mut current: Option<(String, HashMap<String, String>)> = None;
    let mut depth = 0;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("the SVG is not well-formed XML: {e}"));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                let name = start.name().as_ref().to_owned();
                let mut attrs = HashMap::new();
                for attribute in start.attributes() {
                    let attribute = attribute.unwrap();
                    let key = attribute.key.as_ref().to_owned();
                    let value = attribute.normalized_value(XmlVersion::Implicit1_0).unwrap();
                    attrs.insert(key, value.into_owned());
                }
                if name == "text" {
                    current = Some((String::new(), attrs.clone()));
                }
                elements.push((name, attrs));
            }
            Event::Text(text) => {
                if let Some((content, _)) = current.as_mut() {
                    content.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((content, _)) = current.as_mut() {
                    let c = match reference.resolve_char_ref().unwrap() {
                        Some(c) => c,
                        None => match &*reference {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("unknown entity {other}"),
                        },
                    };
                    content.push(c);
                }
            }
            Event::End(end) if end.name().as_ref() == "text" => {
                {
                    if let Some((content, attrs)) = current.take() {
                        let number =
                            |k: &str| attrs.get(k).and_then(|v| v.parse().ok()).unwrap_or(0.0);
                        texts.push(Text {
                            // The SVG backend puts the text on a line of its own.
                            content: content.trim().to_owned(),
                            x: number("x"),
                            y: number("y"),
                            anchor: attrs.get("text-anchor").cloned().unwrap_or_default(),
                            font_size: number("font-size"),
                        });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        depth += 1;
        assert!(depth < 10_000_000);
    }
    assert_eq!(elements.first().map(|e| e.0.as_str()), Some("svg"));
    Svg { elements, texts }
}

impl Svg {
    fn has_text(&self, text: &str) -> bool {
        self.texts.iter().any(|t| t.content == text)
    }

    fn has_text_starting(&self, prefix: &str) -> bool {
        self.texts.iter().any(|t| t.content.starts_with(prefix))
    }

    fn has_text_containing(&self, part: &str) -> bool {
        self.texts.iter().any(|t| t.content.contains(part))
    }

    fn assert_texts(&self, expected: &[&str]) {
        for text in expected {
            assert!(
                self.has_text(text),
                "no text {text:?} in {:?}",
                self.texts.iter().map(|t| &t.content).collect::<Vec<_>>()
            );
        }
    }

    /// Elements named `tag` whose `attr` is `value`.
    fn count(&self, tag: &str, attr: &str, value: &str) -> usize {
        self.elements
            .iter()
            .filter(|(name, attrs)| {
                name == tag && attrs.get(attr).map(String::as_str) == Some(value)
            })
            .count()
    }

    fn rects(&self, fill: &str) -> usize {
        self.count("rect", "fill", fill)
    }

    /// Texts centred on one line (the time axis labels) never come closer than their widths
    /// allow (a DejaVu Sans character is at least 0.55 em wide on average in these labels).
    fn assert_axis_labels_apart(&self) {
        let mut rows: HashMap<i64, Vec<&Text>> = HashMap::new();
        for t in self.texts.iter().filter(|t| t.anchor == "middle") {
            rows.entry(t.y.round() as i64).or_default().push(t);
        }
        for row in rows.values_mut() {
            row.sort_by(|a, b| a.x.total_cmp(&b.x));
            for pair in row.windows(2) {
                let need = (pair[0].content.chars().count() + pair[1].content.chars().count())
                    as f64
                    / 2.0
                    * pair[0].font_size
                    * 0.55;
                assert!(
                    pair[1].x - pair[0].x >= need,
                    "labels {:?} and {:?} overlap ({} px apart, {need} needed)",
                    pair[0].content,
                    pair[1].content,
                    pair[1].x - pair[0].x
                );
            }
        }
    }
}

/// Width and height from the PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}

/// Decoded RGB pixels.
fn pixels(png: &[u8]) -> (u32, u32, Vec<(u8, u8, u8)>) {
    let decoder = png::Decoder::new(Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let rgb = buf[..info.buffer_size()]
        .chunks(3)
        .map(|p| (p[0], p[1], p[2]))
        .collect();
    (info.width, info.height, rgb)
}

/// The PNG has the requested size and is not blank: many colours, and at least `share` of its
/// pixels are not the background's.
fn assert_png(png: &[u8], options: &Options, share: f64) {
    assert_eq!(png_size(png), (options.width, options.height));
    let (w, h, rgb) = pixels(png);
    assert_eq!((w, h), (options.width, options.height));
    let background = rgb[0];
    let colours: std::collections::HashSet<_> = rgb.iter().collect();
    assert!(colours.len() > 20, "only {} colours", colours.len());
    let drawn = rgb.iter().filter(|p| **p != background).count() as f64 / rgb.len() as f64;
    assert!(
        drawn > share,
        "only {:.2}% of the pixels are drawn",
        drawn * 100.0
    );
}

/// Pixels in rows `top..bottom` that are not the background.
fn drawn_in_rows(png: &[u8], top: u32, bottom: u32) -> usize {
    let (w, _, rgb) = pixels(png);
    let background = rgb[0];
    rgb.iter()
        .enumerate()
        .filter(|(i, p)| {
            let row = *i as u32 / w;
            row >= top && row < bottom && **p != background
        })
        .count()
}

#[test]
fn progress_draws_raised_goal_projection_and_today() {
    let data = samples::progress();
    let svg = parse(&progress::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Keep the newsroom open 2026",
        "1 Mar – 30 Jun 2026 · goal $50,000 · amounts in USD · dates in Europe/Kyiv",
        "Raised (USD)",
        "Date (Europe/Kyiv)",
        "Raised",
        "Goal",
        "Today",
        "Goal $50,000",
        "$45,000",
        "$0",
        "$50K",
    ]);
    assert!(svg.has_text_starting("Projection: goal "));
    // The raised line and its legend key; the band (one polygon) and its legend key.
    assert_eq!(svg.count("polyline", "stroke", BLUE), 2);
    assert_eq!(svg.count("polygon", "fill", ORANGE), 1);
    assert_eq!(svg.count("polygon", "fill", BLUE), 1);
    assert!(
        svg.count("polyline", "stroke", GREEN) > 10,
        "the goal line is dashed"
    );
    assert!(
        svg.count("polyline", "stroke", PURPLE) > 10,
        "the today line is dashed"
    );
    svg.assert_axis_labels_apart();

    let png = progress::render_png(&data, &large()).unwrap();
    assert_png(&png, &large(), 0.1);
}

#[test]
fn progress_projection_from_points_and_without_a_goal() {
    let mut data = samples::progress();
    data.projection = Some(Projection::Points {
        low: vec![
            DatedAmount {
                date: d(2026, 5, 20),
                minor: 4_500_000,
            },
            DatedAmount {
                date: d(2026, 6, 30),
                minor: 4_800_000,
            },
        ],
        high: vec![
            DatedAmount {
                date: d(2026, 5, 20),
                minor: 4_500_000,
            },
            DatedAmount {
                date: d(2026, 6, 30),
                minor: 5_600_000,
            },
        ],
    });
    let svg = parse(&progress::render_svg(&data, &small()).unwrap());
    assert!(svg.has_text_starting("Projection: goal from "));
    assert_eq!(svg.count("polygon", "fill", ORANGE), 1);

    data.goal_minor = 0;
    let svg = parse(&progress::render_svg(&data, &small()).unwrap());
    assert!(svg.has_text_containing("no goal set"));
    assert!(!svg.has_text("Goal"));
    assert!(svg.has_text("Projection"));
    assert_eq!(svg.count("polyline", "stroke", GREEN), 0);
    assert_png(
        &progress::render_png(&data, &small()).unwrap(),
        &small(),
        0.05,
    );
}

#[test]
fn progress_with_one_point_or_none() {
    let mut data = samples::progress();
    data.cumulative.truncate(1);
    data.projection = None;
    let svg = parse(&progress::render_svg(&data, &small()).unwrap());
    assert_eq!(
        svg.count("circle", "fill", BLUE),
        2,
        "the point and the end marker"
    );
    assert!(svg.has_text("$2,730"));
    assert_png(
        &progress::render_png(&data, &small()).unwrap(),
        &small(),
        0.02,
    );

    data.cumulative.clear();
    let svg = parse(&progress::render_svg(&data, &small()).unwrap());
    svg.assert_texts(&["Keep the newsroom open 2026", "No data yet"]);
    assert_eq!(svg.count("polyline", "stroke", BLUE), 0);
    assert_png(
        &progress::render_png(&data, &small()).unwrap(),
        &small(),
        0.005,
    );
}

#[test]
fn thermometer_shows_the_amounts_the_percentage_and_the_sentence() {
    let data = samples::thermometer();
    let svg = parse(&thermometer::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Keep the newsroom open 2026",
        "As of 20 May 2026 (Europe/Kyiv) · amounts in USD",
        "$45,000",
        "90.0%",
        "raised of $50,000 goal",
        "Goal $50,000",
        "We are now $5,000 short of our goal",
    ]);
    assert_eq!(svg.rects(BLUE), 1);
    assert_eq!(svg.rects(GREEN), 0);
    assert_png(
        &thermometer::render_png(&data, &large()).unwrap(),
        &large(),
        0.05,
    );

    // Past the goal: the bar runs on in green, the sentence says by how much.
    let over = ThermometerData {
        raised_minor: 6_120_000,
        ..data.clone()
    };
    let svg = parse(&thermometer::render_svg(&over, &small()).unwrap());
    svg.assert_texts(&["122.4%", "We are $11,200 over our goal"]);
    assert_eq!(svg.rects(GREEN), 1);

    // A sentence given is printed as given.
    let given = ThermometerData {
        sentence: Some("Thank you!".into()),
        ..data.clone()
    };
    let svg = parse(&thermometer::render_svg(&given, &small()).unwrap());
    assert!(svg.has_text("Thank you!"));

    // No goal: what was raised, no bar and no percentage.
    let no_goal = ThermometerData {
        goal_minor: 0,
        ..data
    };
    let svg = parse(&thermometer::render_svg(&no_goal, &small()).unwrap());
    svg.assert_texts(&["$45,000", "$45,000 raised; this campaign has no goal set"]);
    assert!(!svg.has_text_containing("%"));
    assert_eq!(svg.rects(BLUE), 0);
    assert_png(
        &thermometer::render_png(&no_goal, &small()).unwrap(),
        &small(),
        0.01,
    );
}

#[test]
fn monthly_bars_stack_gifts_above_and_refunds_below() {
    let data = MonthlyData {
        title: String::new(),
        currency: "USD".into(),
        granularity: Granularity::Month,
        buckets: vec![
            RevenueBucket {
                period: d(2026, 1, 1),
                one_time_minor: 300_000,
                recurring_minor: 100_000,
                refunds_minor: 20_000,
            },
            RevenueBucket {
                period: d(2026, 2, 1),
                one_time_minor: 250_000,
                recurring_minor: 110_000,
                refunds_minor: 0,
            },
            RevenueBucket {
                period: d(2026, 3, 1),
                one_time_minor: 0,
                recurring_minor: 120_000,
                refunds_minor: -5_000,
            },
            RevenueBucket {
                period: d(2026, 4, 1),
                one_time_minor: 400_000,
                recurring_minor: 130_000,
                refunds_minor: 0,
            },
        ],
    };
    let svg = parse(&monthly::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Donations per month",
        "Given (USD)",
        "Month (Europe/Kyiv)",
        "One-time",
        "Recurring",
        "Refunds",
        "Jan 2026",
        "Feb",
        "Mar",
        "Apr",
    ]);
    assert!(svg.has_text_containing("amounts in USD · dates in Europe/Kyiv"));
    // One rect per non-zero value, plus the legend key.
    assert_eq!(svg.rects(BLUE), 3 + 1);
    assert_eq!(svg.rects(ORANGE), 4 + 1);
    assert_eq!(svg.rects(VERMILLION), 2 + 1);
    svg.assert_axis_labels_apart();
    assert_png(
        &monthly::render_png(&data, &large()).unwrap(),
        &large(),
        0.05,
    );
}

#[test]
fn mrr_draws_a_line_panel_and_a_bar_panel() {
    let data = MrrData {
        title: "Recurring support".into(),
        currency: "EUR".into(),
        granularity: Granularity::Month,
        mrr: (1..=6)
            .map(|m| DatedAmount {
                date: d(2026, m, 1),
                minor: 100_000 + i64::from(m) * 5_000,
            })
            .collect(),
        flows: (1..=6)
            .map(|m| RecurringFlow {
                period: d(2026, m, 1),
                new_donors: u64::from(m) + 2,
                cancelled_donors: if m % 2 == 0 { 1 } else { 0 },
            })
            .collect(),
    };
    let svg = parse(&mrr::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Recurring support",
        "Monthly recurring revenue",
        "Recurring donors: new and cancelled",
        "New recurring donors",
        "Cancelled",
        "MRR (EUR)",
        "Donors",
        "Month (Europe/Kyiv)",
    ]);
    assert_eq!(
        svg.count("polyline", "stroke", BLUE),
        2,
        "the MRR line and its legend key"
    );
    assert_eq!(svg.rects(GREEN), 6 + 1);
    assert_eq!(svg.rects(VERMILLION), 3 + 1);
    assert!(svg.has_text_starting("€"));
    assert_png(&mrr::render_png(&data, &large()).unwrap(), &large(), 0.05);

    let empty = MrrData {
        mrr: vec![],
        flows: vec![],
        ..data
    };
    assert!(parse(&mrr::render_svg(&empty, &small()).unwrap()).has_text("No data yet"));
}

#[test]
fn donors_stack_returning_and_new() {
    let data = DonorsData {
        title: String::new(),
        granularity: Granularity::Month,
        buckets: vec![
            DonorBucket {
                period: d(2025, 11, 1),
                new_donors: 12,
                returning_donors: 30,
            },
            DonorBucket {
                period: d(2025, 12, 1),
                new_donors: 40,
                returning_donors: 35,
            },
            DonorBucket {
                period: d(2026, 1, 1),
                new_donors: 0,
                returning_donors: 38,
            },
        ],
    };
    let svg = parse(&donors::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Donors over time",
        "Returning donors",
        "New donors",
        "Donors",
        "Nov 2025",
        "Dec",
        "Jan 2026",
    ]);
    assert!(svg.has_text_starting("Unique donors per month"));
    assert_eq!(svg.rects(BLUE), 3 + 1);
    assert_eq!(svg.rects(ORANGE), 2 + 1);
    assert_png(
        &donors::render_png(&data, &large()).unwrap(),
        &large(),
        0.05,
    );
}

#[test]
fn heatmap_has_a_cell_per_day_month_names_and_a_scale() {
    let data = HeatmapData {
        title: String::new(),
        start: d(2026, 1, 1),
        end: d(2026, 3, 31),
        days: vec![
            DatedCount {
                date: d(2026, 1, 5),
                count: 1,
            },
            DatedCount {
                date: d(2026, 2, 10),
                count: 8,
            },
            DatedCount {
                date: d(2026, 3, 31),
                count: 3,
            },
            DatedCount {
                date: d(2025, 12, 31),
                count: 99,
            }, // outside: ignored
        ],
    };
    let svg = parse(&heatmap::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Gifts per day",
        "Gifts per day:",
        "Jan",
        "Feb",
        "Mar",
        "Mon",
        "Wed",
        "Fri",
        "0",
        "1–2",
        "3–4",
        "5–6",
        "7–8",
    ]);
    assert!(svg.has_text_containing("dates in Europe/Kyiv"));
    // 90 days of cells and five legend keys, in the five shades.
    let heat = ["#EBEDF0", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"];
    let cells: usize = heat.iter().map(|h| svg.rects(h)).sum();
    assert_eq!(cells, 90 + 5);
    assert_eq!(svg.rects(heat[4]), 1 + 1, "the busiest day and its key");
    assert_png(
        &heatmap::render_png(&data, &large()).unwrap(),
        &large(),
        0.05,
    );

    let ten = samples::heatmap_ten_years();
    let svg = parse(&heatmap::render_svg(&ten, &small()).unwrap());
    svg.assert_texts(&["2017", "2021", "2026"]);
    let cells: usize = heat.iter().map(|h| svg.rects(h)).sum();
    assert_eq!(cells, 3_652 + 5);
    assert_png(
        &heatmap::render_png(&ten, &small()).unwrap(),
        &small(),
        0.05,
    );
}

#[test]
fn comments_stack_by_status() {
    let data = CommentsData {
        title: String::new(),
        granularity: Granularity::Day,
        buckets: (1..=10)
            .map(|day| CommentBucket {
                period: d(2026, 3, day),
                approved: 10 + u64::from(day),
                pending: u64::from(day % 3),
                rejected: 2,
                spam: if day > 5 { 4 } else { 0 },
            })
            .collect(),
    };
    let svg = parse(&comments::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Comments by status",
        "Approved",
        "Pending",
        "Rejected",
        "Spam",
        "Comments",
        "Date (Europe/Kyiv)",
    ]);
    assert!(svg.has_text_starting("Comments per day"));
    assert_eq!(svg.rects(GREEN), 10 + 1);
    assert_eq!(svg.rects(ORANGE), 7 + 1);
    assert_eq!(svg.rects(VERMILLION), 10 + 1);
    assert_eq!(svg.rects(PURPLE), 5 + 1);
    svg.assert_axis_labels_apart();
    assert_png(
        &comments::render_png(&data, &large()).unwrap(),
        &large(),
        0.05,
    );

    // Three years of days: too many for bars, drawn as one area per status.
    let long = samples::comments_three_years();
    let svg = parse(&comments::render_svg(&long, &large()).unwrap());
    for colour in [GREEN, ORANGE, VERMILLION, PURPLE] {
        assert_eq!(svg.count("polygon", "fill", colour), 1);
        assert_eq!(svg.rects(colour), 1, "only the legend key");
    }
    svg.assert_axis_labels_apart();
}

#[test]
fn timeline_shares_one_time_axis_between_comments_and_donations() {
    let data = TimelineData {
        scope: Some("War in Ukraine".into()),
        currency: "UAH".into(),
        granularity: Granularity::Day,
        comments: (1..=20)
            .map(|day| DatedCount {
                date: d(2026, 4, day),
                count: u64::from(day),
            })
            .collect(),
        donations: (5..=25)
            .step_by(5)
            .map(|day| DatedAmount {
                date: d(2026, 4, day),
                minor: 100_000,
            })
            .collect(),
    };
    let svg = parse(&timeline::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Reader support: War in Ukraine",
        "Comments per day",
        "Donations per day",
        "Comments",
        "Donations (UAH)",
        "Given (UAH)",
        "Date (Europe/Kyiv)",
    ]);
    assert_eq!(svg.rects(BLUE), 20 + 1);
    assert_eq!(svg.rects(GREEN), 5 + 1);
    // Both panels have the same left and right edge: their grid lines start and end alike.
    let grid: Vec<(String, String)> = svg
        .elements
        .iter()
        .filter(|(name, a)| {
            name == "polyline" && a.get("stroke").map(String::as_str) == Some("#E4E7EB")
        })
        .filter_map(|(_, a)| {
            let points = a.get("points")?;
            let xs: Vec<&str> = points
                .split(' ')
                .filter(|p| !p.is_empty())
                .map(|p| p.split(',').next().unwrap())
                .collect();
            (xs.len() == 2 && xs[0] != xs[1]).then(|| (xs[0].to_owned(), xs[1].to_owned()))
        })
        .collect();
    assert!(grid.len() >= 4);
    assert!(grid.iter().all(|g| *g == grid[0]), "{grid:?}");
    assert_png(
        &timeline::render_png(&data, &large()).unwrap(),
        &large(),
        0.05,
    );

    let whole = TimelineData {
        scope: None,
        ..data
    };
    assert!(parse(&timeline::render_svg(&whole, &small()).unwrap())
        .has_text("Reader support: whole site"));
}

#[test]
fn summary_has_name_bar_sentence_key_numbers_and_a_small_chart() {
    let data = samples::summary();
    let svg = parse(&summary::render_svg(&data, &large()).unwrap());
    svg.assert_texts(&[
        "Keep the newsroom open 2026",
        "$45,000",
        "90.0%",
        "We are now $5,000 short of our goal",
        "1,214",
        "Donors",
        "Average gift",
        "$37",
        "Donations per month",
        "One-time",
    ]);
    assert!(svg.rects(ORANGE) >= 12, "the monthly bars");
    assert_png(
        &summary::render_png(&data, &large()).unwrap(),
        &large(),
        0.05,
    );

    // Too small for the chart: the rest still fits.
    let tiny = Options::sized(Size::Thumbnail, Theme::Dark, "UTC");
    let svg = parse(&summary::render_svg(&data, &tiny).unwrap());
    svg.assert_texts(&["$45,000", "1,214"]);
    assert_png(&summary::render_png(&data, &tiny).unwrap(), &tiny, 0.05);

    let bare = SummaryData {
        key_numbers: vec![],
        monthly: vec![],
        goal_minor: 0,
        ..data
    };
    let svg = parse(&summary::render_svg(&bare, &large()).unwrap());
    assert!(svg.has_text("$45,000 raised; this campaign has no goal set"));
    let _ = KeyNumber::new("Donors", "12");
}

/// Every chart, through the by-name dispatch, in both formats, light and dark, at the smallest
/// common size and the largest.
#[test]
fn every_kind_renders_in_both_formats_and_themes() {
    let charts = [
        ChartData::Progress(samples::progress()),
        ChartData::Thermometer(samples::thermometer()),
        ChartData::Monthly(samples::monthly()),
        ChartData::Mrr(samples::mrr()),
        ChartData::Donors(samples::donors()),
        ChartData::Heatmap(samples::heatmap()),
        ChartData::Comments(samples::comments()),
        ChartData::Timeline(samples::timeline()),
    ];
    assert_eq!(
        charts.iter().map(ChartData::kind).collect::<Vec<_>>(),
        ChartKind::ALL
    );
    for theme in [Theme::Light, Theme::Dark] {
        for size in [Size::Thumbnail, Size::Large] {
            let options = Options::sized(size, theme, "America/Toronto");
            for chart in &charts {
                let svg = chart.render(Format::Svg, &options).unwrap();
                assert_eq!(svg.format(), Format::Svg);
                let Output::Svg(text) = svg else { panic!() };
                let parsed = parse(&text);
                assert!(
                    parsed.has_text_containing("America/Toronto"),
                    "{} names the zone",
                    chart.kind()
                );
                if size == Size::Thumbnail {
                    parsed.assert_axis_labels_apart();
                }
                let png = chart.render(Format::Png, &options).unwrap();
                assert_png(png.as_bytes(), &options, 0.02);
            }
        }
    }
}

#[test]
fn dark_theme_has_a_dark_background_and_light_text() {
    let options = Options::sized(Size::Small, Theme::Dark, "UTC");
    let png = monthly::render_png(&samples::monthly(), &options).unwrap();
    let (_, _, rgb) = pixels(&png);
    let (r, g, b) = rgb[0];
    assert!(
        u32::from(r) + u32::from(g) + u32::from(b) < 150,
        "background {:?}",
        rgb[0]
    );
    let svg = parse(&monthly::render_svg(&samples::monthly(), &options).unwrap());
    let title = svg.elements.iter().find(|(n, _)| n == "text").unwrap();
    assert_eq!(title.1.get("fill").map(String::as_str), Some("#E6EDF3"));
}

#[test]
fn empty_data_gives_a_no_data_image_for_every_chart() {
    let charts = [
        ChartData::Progress(ProgressData {
            cumulative: vec![],
            ..samples::progress()
        }),
        ChartData::Monthly(MonthlyData {
            buckets: vec![],
            ..samples::monthly()
        }),
        ChartData::Mrr(MrrData {
            mrr: vec![],
            flows: vec![],
            ..samples::mrr()
        }),
        ChartData::Donors(DonorsData {
            buckets: vec![],
            ..samples::donors()
        }),
        ChartData::Heatmap(HeatmapData {
            days: vec![],
            ..samples::heatmap()
        }),
        ChartData::Comments(CommentsData {
            buckets: vec![],
            ..samples::comments()
        }),
        ChartData::Timeline(TimelineData {
            comments: vec![],
            donations: vec![],
            ..samples::timeline()
        }),
    ];
    let options = Options::sized(Size::Thumbnail, Theme::Light, "UTC");
    for chart in &charts {
        let svg = parse(&chart.render_svg(&options).unwrap());
        assert!(svg.has_text("No data yet"), "{}", chart.kind());
        assert!(
            svg.texts.len() >= 4,
            "{}: title, subtitle and message",
            chart.kind()
        );
        assert_png(&chart.render_png(&options).unwrap(), &options, 0.002);
    }
}

#[test]
fn long_ranges_tick_by_year() {
    // Ten years of months: the axis labels are years, never months.
    let buckets: Vec<RevenueBucket> = (0..120)
        .map(|i| RevenueBucket {
            period: d(2016 + i / 12, (i % 12) as u32 + 1, 1),
            one_time_minor: 100_000 + i64::from(i) * 1_000,
            recurring_minor: 50_000,
            refunds_minor: 0,
        })
        .collect();
    let data = MonthlyData {
        buckets,
        ..samples::monthly()
    };
    for options in [small(), large()] {
        let svg = parse(&monthly::render_svg(&data, &options).unwrap());
        assert!(
            svg.has_text("2016") && svg.has_text("2020"),
            "year labels in {:?}",
            svg.texts.iter().map(|t| &t.content).collect::<Vec<_>>()
        );
        assert!(
            !svg.has_text("Mar") && !svg.has_text("Jan 2016"),
            "no month labels"
        );
        svg.assert_axis_labels_apart();
        assert_png(
            &monthly::render_png(&data, &options).unwrap(),
            &options,
            0.05,
        );
    }
}

#[test]
fn cyrillic_titles_are_drawn() {
    let mut data = samples::comments();
    data.title = samples::UKRAINIAN_TITLE.to_owned();
    let svg = parse(&comments::render_svg(&data, &small()).unwrap());
    assert!(svg.has_text("Збір на незалежну журналістику"));
    let png = comments::render_png(&data, &small()).unwrap();
    assert_png(&png, &small(), 0.05);
    // The title line (the top ~30 px) has glyphs in it.
    assert!(drawn_in_rows(&png, 0, 30) > 300);

    let progress = samples::progress_three_years();
    let svg = parse(&progress::render_svg(&progress, &small()).unwrap());
    assert!(svg.has_text("Збір на незалежну журналістику"));
    assert!(svg.has_text_starting("₴"));
}

#[test]
fn huge_and_negative_amounts_are_compact_and_do_not_panic() {
    let mut data = samples::progress();
    data.goal_minor = 900_000_000_000_000;
    for p in &mut data.cumulative {
        p.minor *= 150_000_000;
    }
    let svg = parse(&progress::render_svg(&data, &small()).unwrap());
    assert!(svg.has_text("Goal $9T"));
    assert!(svg.has_text("$6.8T"));

    let extreme = ProgressData {
        goal_minor: i64::MAX,
        cumulative: vec![
            DatedAmount {
                date: d(2026, 3, 1),
                minor: i64::MIN,
            },
            DatedAmount {
                date: d(2026, 3, 2),
                minor: i64::MAX,
            },
        ],
        projection: Some(Projection::Rates {
            low_per_day_minor: i64::MIN,
            high_per_day_minor: i64::MAX,
        }),
        ..samples::progress()
    };
    progress::render_svg(&extreme, &small()).unwrap();
    progress::render_png(&extreme, &small()).unwrap();
    let thermo = ThermometerData {
        raised_minor: i64::MIN,
        goal_minor: i64::MAX,
        ..samples::thermometer()
    };
    assert!(
        thermometer::render_svg(&thermo, &small()).is_err(),
        "the shortfall overflows i64: an error, not a panic"
    );
    let thermo = ThermometerData {
        raised_minor: i64::MAX,
        goal_minor: 1,
        ..samples::thermometer()
    };
    thermometer::render_png(&thermo, &small()).unwrap();

    let mut negative = samples::monthly();
    for b in &mut negative.buckets {
        b.refunds_minor = b.one_time_minor * 3;
    }
    let svg = parse(&monthly::render_svg(&negative, &small()).unwrap());
    assert!(svg.has_text_starting("-$"));
}

#[test]
fn hostile_dates_and_sizes_fail_cleanly_or_draw() {
    // The widest dates chrono has.
    let wide = ProgressData {
        window_start: NaiveDate::MIN,
        window_end: NaiveDate::MAX,
        today: NaiveDate::MAX,
        cumulative: vec![
            DatedAmount {
                date: NaiveDate::MIN,
                minor: 1,
            },
            DatedAmount {
                date: NaiveDate::MAX,
                minor: 2,
            },
        ],
        ..samples::progress()
    };
    progress::render_png(&wide, &small()).unwrap();
    let comments = CommentsData {
        buckets: [NaiveDate::MIN, NaiveDate::MAX]
            .into_iter()
            .map(|period| CommentBucket {
                period,
                approved: 1,
                pending: 0,
                rejected: 0,
                spam: 0,
            })
            .collect(),
        ..samples::comments()
    };
    comments::render_svg(&comments, &small()).unwrap();
    let heat = HeatmapData {
        start: NaiveDate::MIN,
        end: NaiveDate::MAX,
        days: vec![DatedCount {
            date: NaiveDate::MAX,
            count: 1,
        }],
        ..samples::heatmap()
    };
    heatmap::render_svg(&heat, &small()).unwrap();
    for granularity in [Granularity::Week, Granularity::Month, Granularity::Year] {
        let data = CommentsData {
            granularity,
            ..comments.clone()
        };
        comments::render_png(&data, &small()).unwrap();
    }

    // The smallest size accepted draws every chart.
    let smallest = Options::new(240, 135, Theme::Dark, "Pacific/Chatham");
    for chart in [
        ChartData::Progress(samples::progress()),
        ChartData::Thermometer(samples::thermometer()),
        ChartData::Mrr(samples::mrr()),
        ChartData::Heatmap(samples::heatmap_ten_years()),
        ChartData::Timeline(samples::timeline()),
    ] {
        parse(&chart.render_svg(&smallest).unwrap()).assert_axis_labels_apart();
        assert_png(&chart.render_png(&smallest).unwrap(), &smallest, 0.02);
    }
    summary::render_png(&samples::summary(), &smallest).unwrap();

    // Sizes and currencies out of range are refused, not drawn.
    let tiny = Options::new(10, 10, Theme::Light, "UTC");
    assert_eq!(
        progress::render_svg(&samples::progress(), &tiny)
            .unwrap_err()
            .code(),
        "invalid"
    );
    let bad_currency = MonthlyData {
        currency: "XXY".into(),
        ..samples::monthly()
    };
    assert_eq!(
        monthly::render_png(&bad_currency, &small())
            .unwrap_err()
            .code(),
        "invalid"
    );
}

#[test]
fn rendering_is_deterministic() {
    let data = samples::timeline();
    assert_eq!(
        timeline::render_svg(&data, &small()).unwrap(),
        timeline::render_svg(&data, &small()).unwrap()
    );
    assert_eq!(
        timeline::render_png(&data, &small()).unwrap(),
        timeline::render_png(&data, &small()).unwrap()
    );
}

#[test]
fn chart_data_round_trips_through_json() {
    let chart = ChartData::Progress(samples::progress());
    let json = serde_json::to_string(&chart).unwrap();
    assert!(json.starts_with("{\"kind\":\"progress\""));
    let back: ChartData = serde_json::from_str(&json).unwrap();
    assert_eq!(back, chart);
    let _ = WHITE;
}
