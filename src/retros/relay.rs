//! Live events between instances that share one PostgreSQL database. Each event an
//! instance publishes is stored in `live_event` and announced with NOTIFY (the payload is
//! its id); every instance LISTENs, reads the events other instances published and hands
//! them to its own hub. The publishing instance has told its own listeners already.
//! The same connection carries "public pages changed", so every instance forgets its
//! rendered review pages after a publication anywhere.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

use super::live::{CardChange, Fragment, LiveHub, RetroEvent};
use super::{Card, Retro, RetroId};
use crate::db::{self, Db};
use crate::i18n::Lang;
use crate::reviews::public::PublicCache;

/// The NOTIFY channel for live events.
pub const CHANNEL: &str = "hindsight_live";
/// The NOTIFY channel for "the public site changed" (the payload is the sender).
pub const PUBLIC_CHANNEL: &str = "hindsight_public";
/// Events older than this are deleted: every instance has read them long before.
const KEEP: Duration = Duration::from_secs(10 * 60);

/// An event as it is stored for other instances.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Wire {
    Card {
        change: CardChange,
        card: Box<Card>,
        prompt_count: usize,
        retro: Box<Retro>,
    },
    Shared {
        /// The fragment in each language (see `live::Fragment`).
        html: Vec<(Lang, String)>,
        json: String,
    },
    Reload {
        json: String,
    },
}

impl Wire {
    fn of(event: &RetroEvent) -> Wire {
        match event {
            RetroEvent::Card(card) => Wire::Card {
                change: card.change,
                card: Box::new(card.card.clone()),
                prompt_count: card.prompt_count,
                retro: Box::new(card.retro.clone()),
            },
            RetroEvent::Shared { html, json } => Wire::Shared {
                html: html.rendered().to_vec(),
                json: json.to_string(),
            },
            RetroEvent::Reload { json } => Wire::Reload {
                json: json.to_string(),
            },
        }
    }

    fn into_event(self) -> RetroEvent {
        match self {
            Wire::Card {
                change,
                card,
                prompt_count,
                retro,
            } => RetroEvent::card(change, *card, prompt_count, *retro),
            Wire::Shared { html, json } => RetroEvent::Shared {
                html: Fragment::from_rendered(html),
                json: json.into(),
            },
            Wire::Reload { json } => RetroEvent::Reload { json: json.into() },
        }
    }
}

/// Starts relaying `hub`'s events, and clears of `public`, through the PostgreSQL
/// database at `url`.
pub async fn start(
    db: &Db,
    url: &str,
    hub: &LiveHub,
    public: &PublicCache,
) -> Result<(), sqlx::Error> {
    let instance = crate::accounts::tokens::random_token();
    let mut listener = PgListener::connect(url).await?;
    listener.listen_all([CHANNEL, PUBLIC_CHANNEL]).await?;
    let (sender, receiver) = mpsc::unbounded_channel();
    hub.relay_through(sender);
    let (cleared, clears) = mpsc::unbounded_channel();
    public.tell_others_through(cleared);
    tokio::spawn(send_all(db.clone(), instance.clone(), receiver));
    tokio::spawn(send_clears(db.clone(), instance.clone(), clears));
    tokio::spawn(receive_all(
        db.clone(),
        instance,
        listener,
        hub.clone(),
        public.clone(),
    ));
    Ok(())
}

/// Tells the other instances that the public pages changed.
async fn send_clears(db: Db, instance: String, mut clears: mpsc::UnboundedReceiver<()>) {
    while clears.recv().await.is_some() {
        let told = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(PUBLIC_CHANNEL)
            .bind(&instance)
            .execute(db.pool())
            .await;
        if let Err(error) = told {
            tracing::error!(%error, "could not tell other instances that the public pages changed");
        }
    }
}

/// Stores and announces this instance's events, one at a time so they keep their order.
async fn send_all(
    db: Db,
    instance: String,
    mut events: mpsc::UnboundedReceiver<(RetroId, RetroEvent)>,
) {
    let mut last_cleanup = std::time::Instant::now();
    while let Some((retro, event)) = events.recv().await {
        if let Err(error) = send(&db, &instance, retro, &event).await {
            tracing::error!(%error, retro = retro.0, "could not relay a live event to other instances");
        }
        if last_cleanup.elapsed() > KEEP {
            last_cleanup = std::time::Instant::now();
            let cutoff = db::now_ms() - i64::try_from(KEEP.as_millis()).unwrap_or(i64::MAX);
            if let Err(error) = sqlx::query("DELETE FROM live_event WHERE created_at < $1")
                .bind(cutoff)
                .execute(db.pool())
                .await
            {
                tracing::warn!(%error, "could not delete old live events");
            }
        }
    }
}

async fn send(
    db: &Db,
    instance: &str,
    retro: RetroId,
    event: &RetroEvent,
) -> Result<(), sqlx::Error> {
    let payload = serde_json::to_string(&Wire::of(event)).unwrap_or_default();
    // NOTIFY is delivered at commit, so the event is readable when others hear of it.
    let mut tx = db.pool().begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO live_event (retro_id, instance, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(retro.0)
    .bind(instance)
    .bind(&payload)
    .bind(db::now_ms())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Hands other instances' events to this instance's hub.
async fn receive_all(
    db: Db,
    instance: String,
    mut listener: PgListener,
    hub: LiveHub,
    public: PublicCache,
) {
    loop {
        let notification = match listener.recv().await {
            Ok(notification) => notification,
            Err(error) => {
                // PgListener reconnects on the next recv; events sent meanwhile are
                // missed, and pages resynchronise when their stream reconnects.
                tracing::warn!(%error, "the live event listener lost its connection");
                // A clear sent meanwhile would be missed: start afresh to be safe.
                public.clear_here();
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if notification.channel() == PUBLIC_CHANNEL {
            if notification.payload() != instance {
                public.clear_here();
            }
            continue;
        }
        let Ok(id) = notification.payload().parse::<i64>() else {
            continue;
        };
        let row: Result<Option<(i64, String, String)>, _> =
            sqlx::query_as("SELECT retro_id, instance, payload FROM live_event WHERE id = $1")
                .bind(id)
                .fetch_optional(db.pool())
                .await;
        match row {
            Ok(Some((retro, from, payload))) if from != instance => {
                match serde_json::from_str::<Wire>(&payload) {
                    Ok(wire) => hub.publish_here(RetroId(retro), wire.into_event()),
                    Err(error) => tracing::error!(%error, id, "a live event could not be read"),
                }
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, id, "could not load a live event"),
        }
    }
}
