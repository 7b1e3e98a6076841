//! The live side of a meeting: one broadcast channel per open retro, and who is present.
//!
//! A change is committed first and published after; each participant's stream then
//! renders the event for its own viewer, so anonymity rules apply per person.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde_json::{Value, json};
use tokio::sync::{broadcast, mpsc};

use super::{Card, Retro, RetroId};
use crate::accounts::UserId;
use crate::i18n::{self, Lang};

/// How many events a slow participant may fall behind before it resynchronises.
const BUFFER: usize = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CardChange {
    Added,
    Edited,
    Deleted,
}

impl CardChange {
    pub fn event_name(self) -> &'static str {
        match self {
            CardChange::Added => "card_added",
            CardChange::Edited => "card_edited",
            CardChange::Deleted => "card_deleted",
        }
    }
}

/// A card change, with what it looks like to the people who may and may not read it,
/// each worked out once per language and shared by every stream (a busy meeting sends
/// one event to hundreds of people).
#[derive(Debug)]
pub struct CardEvent {
    pub change: CardChange,
    pub card: Card,
    pub prompt_count: usize,
    /// The retro as it was when the card changed (anonymity, reveal, phase).
    pub retro: Retro,
    api_with_text: OnceLock<String>,
    api_without_text: OnceLock<String>,
    count_html: PerLanguage<OnceLock<String>>,
    card_html_for_others: PerLanguage<OnceLock<String>>,
}

/// One value for each language, in the order of `Lang::ALL`.
type PerLanguage<T> = [T; Lang::ALL.len()];

fn language_index(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

impl CardEvent {
    /// The JSON an API reader receives: the text only if `with_text` (the reader may read
    /// it), the author only when the retro is not anonymous.
    pub fn api_json(&self, with_text: bool) -> &str {
        let cell = if with_text {
            &self.api_with_text
        } else {
            &self.api_without_text
        };
        cell.get_or_init(|| {
            let mut body = json!({"type": self.change.event_name(), "card_id": self.card.id,
                "prompt_id": self.card.prompt_id, "prompt_count": self.prompt_count});
            if with_text && self.change != CardChange::Deleted {
                body["text"] = json!(self.card.text);
            }
            if let Some(author) = self.card.author_for(&self.retro) {
                body["author"] = json!(author);
            }
            body.to_string()
        })
    }

    /// The prompt's new count, the same for everyone who reads the current language.
    pub fn count_html(&self, render: impl FnOnce() -> String) -> &str {
        self.count_html[language_index(i18n::current())].get_or_init(render)
    }

    /// The card as everyone sees it who can read it but not change it, in the current
    /// language.
    pub fn card_html_for_others(&self, render: impl FnOnce() -> String) -> &str {
        self.card_html_for_others[language_index(i18n::current())].get_or_init(render)
    }
}

#[derive(Clone, Debug)]
pub enum RetroEvent {
    /// A card changed. What each participant receives depends on who they are: the text
    /// only when they may read it, the author only when the retro is not anonymous.
    Card(Arc<CardEvent>),
    /// The same for everyone who reads the same language: an HTML fragment for browsers,
    /// JSON for the API.
    Shared { html: Fragment, json: Arc<str> },
    /// Enough changed (a phase, a reveal, the themes) that pages load afresh.
    Reload { json: Arc<str> },
}

impl RetroEvent {
    pub fn card(change: CardChange, card: Card, prompt_count: usize, retro: Retro) -> RetroEvent {
        RetroEvent::Card(Arc::new(CardEvent {
            change,
            card,
            prompt_count,
            retro,
            api_with_text: OnceLock::new(),
            api_without_text: OnceLock::new(),
            count_html: Default::default(),
            card_html_for_others: Default::default(),
        }))
    }

    /// An event everyone receives alike; `render` makes its HTML, once per language.
    pub fn shared(render: impl Fn() -> String, json: Value) -> RetroEvent {
        RetroEvent::Shared {
            html: Fragment::render(render),
            json: json.to_string().into(),
        }
    }

    pub fn reload(json: Value) -> RetroEvent {
        RetroEvent::Reload {
            json: json.to_string().into(),
        }
    }
}

/// An HTML fragment rendered in every language, so that people in one meeting who read
/// different languages each receive their own. Rendering happens where the event is
/// published, which may be outside any request (someone's stream closing).
#[derive(Clone, Debug)]
pub struct Fragment(Arc<[(Lang, String)]>);

impl Fragment {
    pub fn render(render: impl Fn() -> String) -> Fragment {
        Fragment(
            Lang::ALL
                .into_iter()
                .map(|lang| (lang, i18n::sync_scope(lang, &render)))
                .collect(),
        )
    }

    /// The fragment as rendered elsewhere (another instance), language by language.
    pub fn from_rendered(rendered: Vec<(Lang, String)>) -> Fragment {
        Fragment(rendered.into())
    }

    /// Every language's rendering, to send to another instance.
    pub fn rendered(&self) -> &[(Lang, String)] {
        &self.0
    }

    /// The fragment in `lang`, else in the first language it has.
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .iter()
            .find(|(l, _)| *l == lang)
            .or(self.0.first())
            .map_or("", |(_, html)| html.as_str())
    }
}

struct Channel {
    sender: broadcast::Sender<RetroEvent>,
    /// Open streams per person, with their name.
    present: HashMap<UserId, (String, usize)>,
}

/// Every open retro's channel. Cheap to clone.
#[derive(Clone, Default)]
pub struct LiveHub {
    channels: Arc<Mutex<HashMap<RetroId, Channel>>>,
    /// With several instances (PostgreSQL), where events also go for the others.
    relay: Arc<OnceLock<mpsc::UnboundedSender<(RetroId, RetroEvent)>>>,
}

impl LiveHub {
    fn with_channel<T>(&self, retro: RetroId, f: impl FnOnce(&mut Channel) -> T) -> T {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        let channel = channels.entry(retro).or_insert_with(|| Channel {
            sender: broadcast::channel(BUFFER).0,
            present: HashMap::new(),
        });
        f(channel)
    }

    /// Tells everyone in `retro`, on every instance. Call after the change is committed.
    pub fn publish(&self, retro: RetroId, event: RetroEvent) {
        if let Some(relay) = self.relay.get() {
            // Err only when the relay has stopped; this instance's listeners still hear.
            let _relayed = relay.send((retro, event.clone()));
        }
        self.publish_here(retro, event);
    }

    /// Sends this instance's events to `relay` too (see `relay::start`).
    pub fn relay_through(&self, relay: mpsc::UnboundedSender<(RetroId, RetroEvent)>) {
        let _first = self.relay.set(relay);
    }

    /// Tells the people in `retro` connected to this instance.
    pub fn publish_here(&self, retro: RetroId, event: RetroEvent) {
        self.with_channel(retro, |channel| {
            // Err only means nobody has this retro open; the change is committed already.
            let _listeners = channel.sender.send(event).unwrap_or(0);
        });
    }

    /// Subscribes a participant's stream and marks them present. Returns the receiver and
    /// the names now present.
    pub fn join(
        &self,
        retro: RetroId,
        user: UserId,
        name: &str,
    ) -> (broadcast::Receiver<RetroEvent>, Vec<String>) {
        self.with_channel(retro, |channel| {
            let entry = channel
                .present
                .entry(user)
                .or_insert_with(|| (name.to_owned(), 0));
            entry.1 += 1;
            (channel.sender.subscribe(), present_names(&channel.present))
        })
    }

    /// Marks one of a participant's streams closed; returns the names still present, or
    /// `None` when nothing changed for the others (they still have another stream open).
    pub fn leave(&self, retro: RetroId, user: UserId) -> Option<Vec<String>> {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        let channel = channels.get_mut(&retro)?;
        let entry = channel.present.get_mut(&user)?;
        entry.1 -= 1;
        if entry.1 > 0 {
            return None;
        }
        channel.present.remove(&user);
        let names = present_names(&channel.present);
        if channel.present.is_empty() && channel.sender.receiver_count() == 0 {
            channels.remove(&retro);
        }
        Some(names)
    }

    /// How many meetings have a channel here, and how many streams are open on them.
    pub fn stats(&self) -> (usize, usize) {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        let streams = channels.values().map(|c| c.sender.receiver_count()).sum();
        (channels.len(), streams)
    }

    pub fn present(&self, retro: RetroId) -> Vec<String> {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels
            .get(&retro)
            .map(|c| present_names(&c.present))
            .unwrap_or_default()
    }
}

fn present_names(present: &HashMap<UserId, (String, usize)>) -> Vec<String> {
    // Sorted by name so every participant sees the same list.
    let sorted: BTreeMap<(String, UserId), ()> = present
        .iter()
        .map(|(id, (name, _))| ((name.to_lowercase(), *id), ()))
        .collect();
    sorted
        .keys()
        .filter_map(|(_, id)| present.get(id).map(|(name, _)| name.clone()))
        .collect()
}

/// How often an idle stream sends a comment, so proxies keep it open.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(15);
/// Most events written to one stream in one go.
const MAX_BATCH: usize = 256;

/// One server-sent event (data split into `data:` lines as the format requires).
pub fn sse_message(event: &str, data: &str) -> String {
    let mut message = String::with_capacity(data.len() + event.len() + 16);
    message.push_str("event: ");
    message.push_str(event);
    message.push('\n');
    for line in data.split('\n') {
        message.push_str("data: ");
        message.push_str(line.trim_end_matches('\r'));
        message.push('\n');
    }
    message.push('\n');
    message
}

/// A live stream's response: `first` (the current state), then what `render` makes of
/// each event for this reader. Events already waiting go out in one write: a meeting of
/// hundreds costs a write per batch per reader, not per event. `guard` lives as long as
/// the stream (it marks the reader present). A reader that falls behind gets `lagged`.
pub fn event_stream<G, R, L>(
    first: String,
    receiver: broadcast::Receiver<RetroEvent>,
    guard: G,
    render: R,
    lagged: L,
) -> axum::response::Response
where
    G: Send + 'static,
    R: Fn(&RetroEvent) -> Option<String> + Send + 'static,
    L: Fn(u64) -> String + Send + 'static,
{
    use axum::body::{Body, Bytes};
    use axum::http::header;
    use axum::response::IntoResponse;
    use futures_util::stream::{self, StreamExt};
    use tokio::sync::broadcast::error::{RecvError, TryRecvError};

    let state = (receiver, guard, render, lagged);
    let changes = stream::unfold(state, |(mut receiver, guard, render, lagged)| async move {
        loop {
            let mut chunk = String::new();
            match tokio::time::timeout(KEEP_ALIVE, receiver.recv()).await {
                Err(_) => chunk.push_str(": keep-alive\n\n"),
                Ok(Err(RecvError::Closed)) => return None,
                Ok(Err(RecvError::Lagged(missed))) => chunk.push_str(&lagged(missed)),
                Ok(Ok(event)) => chunk.extend(render(&event)),
            }
            for _ in 0..MAX_BATCH {
                match receiver.try_recv() {
                    Ok(event) => chunk.extend(render(&event)),
                    Err(TryRecvError::Lagged(missed)) => chunk.push_str(&lagged(missed)),
                    Err(TryRecvError::Empty | TryRecvError::Closed) => break,
                }
            }
            if !chunk.is_empty() {
                let item: Result<Bytes, std::convert::Infallible> = Ok(Bytes::from(chunk));
                return Some((item, (receiver, guard, render, lagged)));
            }
        }
    });
    let body =
        Body::from_stream(stream::once(async move { Ok(Bytes::from(first)) }).chain(changes));
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}
