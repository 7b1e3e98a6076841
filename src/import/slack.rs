//! Slack channel exports: the zip Slack produces, or its unzipped folder.
//!
//! An export holds `users.json` and `channels.json` at its root and a folder per channel
//! with one JSON file per day, each an array of messages. Day files are cut at midnight
//! in the workspace's zone, so a file's name says little about UTC: every time comes from
//! a message's `ts` (epoch seconds as a string, `"1477046400.000200"`), never from a name.
//!
//! What becomes of the messages:
//!
//! - People's messages become notes (chat is too loose to guess kinds from), in `ts`
//!   order, thread replies among them, marked `↳ ` so a reader sees they answered a thread.
//!   The actor is the author's display name.
//! - Joins, leaves, topic and purpose changes, bots and other channel noise are dropped,
//!   and a warning counts them.
//! - An edited message keeps its latest text; a deleted one is dropped.
//! - Slack's markup becomes plain text: `<@U123>` → `@alice`, `<https://x|label>` →
//!   `label (https://x)`, `*bold*` → `bold`, `&amp;` → `&`.
//! - Access tokens Slack puts in file links (`?t=xoxe-…`) are removed before anything is
//!   kept, as is any other `xox…-` token in the text.
//!
//! An export of several channels is imported only if one channel alone has messages;
//! otherwise the error lists the channels, since which one is the incident's is not ours
//! to guess.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::json::{optional_str, shortened, without_bom};
use super::{
    EntryDraft, Format, ImportError, ImportOptions, IncidentDraft, Timeline, check_json_depth,
    limits,
};
use crate::incidents::kinds::{EntryKind, Visibility};
use crate::t;

/// True when the bytes look like a Slack export zip (for auto-detection).
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A Slack export as a zip archive.
pub fn parse_zip(bytes: &[u8], options: &ImportOptions) -> Result<Timeline, ImportError> {
    let files = unzip(bytes, ZipLimits::STANDARD)?;
    parse_files(files, options)
}

/// A Slack export already unzipped: (path inside the export, contents) pairs.
pub fn parse_files(
    files: Vec<(String, Vec<u8>)>,
    _options: &ImportOptions,
) -> Result<Timeline, ImportError> {
    // Slack times are UTC epochs: the time-zone option has nothing to change here.
    let export = Export::from_files(files)?;
    let directory = export.directory()?;
    let mut channels = Vec::new();
    for (folder, day_files) in &export.channel_folders {
        channels.push(read_channel(folder, day_files, &directory)?);
    }
    let mut with_messages: Vec<ChannelRead> = channels
        .into_iter()
        .filter(|channel| !channel.entries.is_empty())
        .collect();
    if with_messages.len() > 1 {
        let names: Vec<&str> = with_messages.iter().map(|c| c.folder.as_str()).collect();
        return Err(ImportError::new(t!(
            "import-error-slack-channels",
            count = names.len(),
            names = names.join(", ")
        )));
    }
    let Some(channel) = with_messages.pop() else {
        return Err(ImportError::new(t!(
            "import-error-slack-no-messages",
            folders = export.folder_list()
        )));
    };
    Ok(channel.into_timeline(&directory))
}

/// How much an archive may hold; tests use smaller ones.
#[derive(Clone, Copy, Debug)]
struct ZipLimits {
    max_entries: usize,
    max_unzipped_bytes: u64,
}

impl ZipLimits {
    const STANDARD: ZipLimits = ZipLimits {
        max_entries: limits::MAX_ZIP_ENTRIES,
        max_unzipped_bytes: limits::MAX_UNZIPPED_BYTES,
    };
}

/// The archive's JSON files, refusing archives too large by count, by declared size, or
/// by what they actually inflate to (declared sizes can lie).
fn unzip(bytes: &[u8], limits: ZipLimits) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
        ImportError::new(t!(
            "import-error-zip-unreadable",
            detail = error.to_string()
        ))
    })?;
    if archive.len() > limits.max_entries {
        return Err(ImportError::new(t!(
            "import-error-zip-too-many",
            count = archive.len(),
            max = limits.max_entries
        )));
    }
    let too_big = || {
        t!(
            "import-error-zip-too-big",
            megabytes = limits.max_unzipped_bytes / (1024 * 1024)
        )
    };
    let unreadable =
        |error: zip::result::ZipError| t!("import-error-zip-entry", detail = error.to_string());
    let entry_name = |archive: &zip::ZipArchive<Cursor<&[u8]>>, index: usize| {
        archive
            .name_for_index(index)
            .map_or_else(|| t!("import-at-zip-entry", index = index), str::to_owned)
    };
    let mut declared: u64 = 0;
    for index in 0..archive.len() {
        let name = entry_name(&archive, index);
        let entry = archive
            .by_index_raw(index)
            .map_err(|error| ImportError::at(&name, unreadable(error)))?;
        declared = declared.saturating_add(entry.size());
        if declared > limits.max_unzipped_bytes {
            return Err(ImportError::at(name, too_big()));
        }
    }
    let mut files = Vec::new();
    let mut inflated: u64 = 0;
    for index in 0..archive.len() {
        let name = entry_name(&archive, index);
        if name.ends_with('/') || !name.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        let entry = archive
            .by_index(index)
            .map_err(|error| ImportError::at(&name, unreadable(error)))?;
        let budget = limits.max_unzipped_bytes - inflated;
        // Read one byte past the budget to learn that it was exceeded, whatever the
        // entry declared.
        let mut contents = Vec::with_capacity(entry.size().min(budget).min(1 << 20) as usize);
        entry
            .take(budget.saturating_add(1))
            .read_to_end(&mut contents)
            .map_err(|error| {
                ImportError::at(
                    &name,
                    t!("import-error-zip-inflate", detail = error.to_string()),
                )
            })?;
        if contents.len() as u64 > budget {
            return Err(ImportError::at(
                name,
                t!("import-error-zip-lying", problem = too_big()),
            ));
        }
        inflated += contents.len() as u64;
        files.push((name, contents));
    }
    Ok(files)
}

/// One file of the export, with its path as given and relative to the export's root.
struct ExportFile {
    path: String,
    relative: String,
    bytes: Vec<u8>,
}

/// The export's files, sorted into metadata and channel folders.
struct Export {
    users: Option<ExportFile>,
    /// `channels.json`, `groups.json`, `mpims.json`, `dms.json`.
    conversation_lists: Vec<ExportFile>,
    /// Folder name → its day files, in name order.
    channel_folders: BTreeMap<String, Vec<ExportFile>>,
}

const CONVERSATION_LISTS: [&str; 4] = ["channels.json", "groups.json", "mpims.json", "dms.json"];

impl Export {
    fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Export, ImportError> {
        let files: Vec<(String, Vec<String>, Vec<u8>)> = files
            .into_iter()
            .filter_map(|(path, bytes)| {
                let components = path_components(&path)?;
                Some((path, components, bytes))
            })
            .collect();
        let root = export_root(&files);
        let mut export = Export {
            users: None,
            conversation_lists: Vec::new(),
            channel_folders: BTreeMap::new(),
        };
        for (path, components, bytes) in files {
            let Some(relative) = components.strip_prefix(root.as_slice()) else {
                continue;
            };
            let file = ExportFile {
                path,
                relative: relative.join("/"),
                bytes,
            };
            match relative {
                [name] if name == "users.json" => export.users = Some(file),
                [name] if CONVERSATION_LISTS.contains(&name.as_str()) => {
                    export.conversation_lists.push(file);
                }
                [folder, name] if is_day_file_name(name) => {
                    export
                        .channel_folders
                        .entry(folder.clone())
                        .or_default()
                        .push(file);
                }
                _ => {}
            }
        }
        if export.channel_folders.is_empty() {
            return Err(ImportError::new(t!("import-error-slack-no-folders")));
        }
        for day_files in export.channel_folders.values_mut() {
            day_files.sort_by(|a, b| a.relative.cmp(&b.relative));
        }
        Ok(export)
    }

    fn folder_list(&self) -> String {
        self.channel_folders
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn directory(&self) -> Result<Directory, ImportError> {
        let mut directory = Directory::default();
        if let Some(file) = &self.users {
            directory.read_users(file)?;
        }
        for file in &self.conversation_lists {
            directory.read_conversations(file)?;
        }
        Ok(directory)
    }
}

/// A path's components, `\` read as `/`; `None` for files that are not the export's
/// (macOS resource forks and folder metadata).
fn path_components(path: &str) -> Option<Vec<String>> {
    let components: Vec<String> = path
        .replace('\\', "/")
        .split('/')
        .filter(|component| !component.is_empty() && *component != ".")
        .map(str::to_owned)
        .collect();
    let is_noise = components.iter().any(|c| c == "__MACOSX")
        || components
            .last()
            .is_none_or(|name| name.starts_with("._") || name == ".DS_Store");
    (!is_noise).then_some(components)
}

/// The folder holding `users.json` or `channels.json` (an export zipped inside a folder
/// has one level more); without them, the folder above the shallowest channel folder.
fn export_root(files: &[(String, Vec<String>, Vec<u8>)]) -> Vec<String> {
    let metadata_dir = files
        .iter()
        .filter(|(_, components, _)| {
            components
                .last()
                .is_some_and(|name| name == "users.json" || name == "channels.json")
        })
        .map(|(_, components, _)| &components[..components.len() - 1])
        .min_by_key(|dir| dir.len());
    if let Some(dir) = metadata_dir {
        return dir.to_vec();
    }
    files
        .iter()
        .filter(|(_, components, _)| {
            components.len() >= 2 && components.last().is_some_and(|name| is_day_file_name(name))
        })
        .map(|(_, components, _)| &components[..components.len() - 2])
        .min_by_key(|dir| dir.len())
        .map(<[String]>::to_vec)
        .unwrap_or_default()
}

/// `2016-10-21.json`.
fn is_day_file_name(name: &str) -> bool {
    let Some(date) = name.strip_suffix(".json") else {
        return false;
    };
    let bytes = date.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

/// Reads a JSON file of the export, located by its path on failure.
fn read_json(file: &ExportFile) -> Result<Value, ImportError> {
    let bytes = without_bom(&file.bytes);
    check_json_depth(bytes, &file.path)?;
    serde_json::from_slice(bytes)
        .map_err(|error| super::json::syntax_error(&error, Some(&file.path)))
}

/// A JSON array's items, or an error at `$` saying what was `expected`.
fn json_array<'a>(
    value: &'a Value,
    file: &ExportFile,
    expected: impl FnOnce() -> String,
) -> Result<&'a [Value], ImportError> {
    value
        .as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| ImportError::at(format!("{}: $", file.path), expected()))
}

/// A string inside nested objects (`profile.display_name`), if it is one and not empty.
fn nested_text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |value, key| value.get(key))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

#[derive(Debug)]
struct Person {
    name: String,
    is_bot: bool,
}

#[derive(Debug)]
struct ConversationInfo {
    id: String,
    name: Option<String>,
    purpose: Option<String>,
    topic: Option<String>,
}

/// Who and what ids stand for: users by id, conversations by id and folder name.
#[derive(Debug, Default)]
struct Directory {
    people: HashMap<String, Person>,
    conversations: Vec<ConversationInfo>,
}

impl Directory {
    fn read_users(&mut self, file: &ExportFile) -> Result<(), ImportError> {
        let value = read_json(file)?;
        for (index, user) in json_array(&value, file, || t!("import-error-slack-users"))?
            .iter()
            .enumerate()
        {
            let location = format!("{}: $[{index}]", file.path);
            let Some(object) = user.as_object() else {
                return Err(ImportError::at(
                    location,
                    t!("import-error-slack-user-object"),
                ));
            };
            let Some(id) = optional_str(object, "id", &location)? else {
                return Err(ImportError::at(
                    format!("{location}.id"),
                    t!("import-error-slack-user-id"),
                ));
            };
            // The name people see in Slack: display name, else full name, else handle.
            let name = nested_text(user, &["profile", "display_name"])
                .or_else(|| nested_text(user, &["profile", "real_name"]))
                .or_else(|| nested_text(user, &["real_name"]))
                .or_else(|| nested_text(user, &["name"]))
                .unwrap_or(id);
            let is_bot =
                user.get("is_bot").and_then(Value::as_bool).unwrap_or(false) || id == SLACKBOT;
            self.people.insert(
                id.to_owned(),
                Person {
                    name: name.to_owned(),
                    is_bot,
                },
            );
        }
        Ok(())
    }

    fn read_conversations(&mut self, file: &ExportFile) -> Result<(), ImportError> {
        let value = read_json(file)?;
        for (index, conversation) in
            json_array(&value, file, || t!("import-error-slack-conversations"))?
                .iter()
                .enumerate()
        {
            let location = format!("{}: $[{index}]", file.path);
            let Some(object) = conversation.as_object() else {
                return Err(ImportError::at(
                    location,
                    t!("import-error-slack-conversation-object"),
                ));
            };
            let Some(id) = optional_str(object, "id", &location)? else {
                continue;
            };
            self.conversations.push(ConversationInfo {
                id: id.to_owned(),
                name: optional_str(object, "name", &location)?.map(str::to_owned),
                purpose: nested_text(conversation, &["purpose", "value"]).map(str::to_owned),
                topic: nested_text(conversation, &["topic", "value"]).map(str::to_owned),
            });
        }
        Ok(())
    }

    /// A channel folder is named after the channel, or (direct messages) its id.
    fn conversation_for_folder(&self, folder: &str) -> Option<&ConversationInfo> {
        self.conversations
            .iter()
            .find(|c| c.name.as_deref() == Some(folder))
            .or_else(|| self.conversations.iter().find(|c| c.id == folder))
    }

    fn channel_name(&self, id: &str) -> Option<&str> {
        self.conversations
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.name.as_deref())
    }
}

/// Slackbot's user id; users.json lists it as a person.
const SLACKBOT: &str = "USLACKBOT";

/// Subtypes that are not conversation: membership, channel settings, integrations.
const NOISE_SUBTYPES: &[&str] = &[
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "channel_posting_permissions",
    "channel_convert_to_private",
    "channel_convert_to_public",
    "channel_canvas_updated",
    "group_join",
    "group_leave",
    "group_topic",
    "group_purpose",
    "group_name",
    "group_archive",
    "group_unarchive",
    "bot_message",
    "bot_add",
    "bot_remove",
    "bot_enable",
    "bot_disable",
    "app_conversation_join",
    "app_conversation_leave",
    "pinned_item",
    "unpinned_item",
    "reminder_add",
    "reminder_delete",
    "slackbot_response",
    "joiner_notification",
    "tombstone",
    "message_replied",
    "ekm_access_denied",
    "sh_room_created",
    "huddle_thread",
];

/// A message `ts`: epoch seconds and microseconds, which also identify the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct SlackTs {
    seconds: i64,
    micros: u32,
}

impl SlackTs {
    fn parse(text: &str) -> Option<SlackTs> {
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let is_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || whole.len() > 12
            || fraction.len() > 9
            || !is_digits(whole)
            || !is_digits(fraction)
        {
            return None;
        }
        let seconds = whole.parse().ok()?;
        let micros = format!("{:0<6}", fraction.get(..fraction.len().min(6))?)
            .parse()
            .ok()?;
        Some(SlackTs { seconds, micros })
    }

    fn to_utc(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.seconds, self.micros * 1000)
    }
}

/// A file shared with a message.
#[derive(Clone, Debug)]
struct SharedFile {
    title: Option<String>,
    url: Option<String>,
}

/// A person's message as read from a day file.
#[derive(Clone, Debug)]
struct Message {
    ts: SlackTs,
    ts_text: String,
    occurred_at: DateTime<Utc>,
    user: Option<String>,
    /// Fallback author name from the message itself (`user_profile`, `username`).
    author_name: Option<String>,
    text: String,
    is_thread_reply: bool,
    files: Vec<SharedFile>,
    /// When it was last edited; a later version of the same message replaces it.
    edited: Option<SlackTs>,
}

/// What one item of a day file means.
enum Item {
    Message(Message),
    /// `message_changed`: the message as it became.
    Edit(Message),
    /// `message_deleted`: the `ts` of the message to forget.
    Deletion(String),
    /// Not conversation; the reason is counted in a warning.
    Dropped(String),
}

fn read_item(value: &Value, location: &str, directory: &Directory) -> Result<Item, ImportError> {
    let Some(object) = value.as_object() else {
        return Err(ImportError::at(
            location,
            t!("import-error-slack-message-object"),
        ));
    };
    if let Some(kind) = optional_str(object, "type", location)?
        && kind != "message"
    {
        return Ok(Item::Dropped(kind.to_owned()));
    }
    let subtype = optional_str(object, "subtype", location)?;
    match subtype {
        Some("message_changed") => {
            let nested_location = format!("{location}.message");
            return match object.get("message") {
                Some(nested) => match read_item(nested, &nested_location, directory)? {
                    Item::Message(message) => Ok(Item::Edit(message)),
                    other => Ok(other),
                },
                None => Ok(Item::Dropped("message_changed".to_owned())),
            };
        }
        Some("message_deleted") => {
            return Ok(match optional_str(object, "deleted_ts", location)? {
                Some(ts) => Item::Deletion(ts.to_owned()),
                None => Item::Dropped("message_deleted".to_owned()),
            });
        }
        Some(subtype) if NOISE_SUBTYPES.contains(&subtype) => {
            return Ok(Item::Dropped(subtype.to_owned()));
        }
        _ => {}
    }
    if object.get("hidden").and_then(Value::as_bool) == Some(true) {
        return Ok(Item::Dropped(subtype.unwrap_or("hidden").to_owned()));
    }
    let user = optional_str(object, "user", location)?;
    let is_bot_user = user.is_some_and(|id| {
        id == SLACKBOT || directory.people.get(id).is_some_and(|person| person.is_bot)
    });
    // Apps post with a `bot_id` even when they have a user of their own.
    if is_bot_user || object.contains_key("bot_id") {
        return Ok(Item::Dropped("bot".to_owned()));
    }
    let ts_location = format!("{location}.ts");
    let ts_text = optional_str(object, "ts", location)?
        .ok_or_else(|| ImportError::at(&ts_location, t!("import-error-slack-ts-missing")))?;
    let ts = SlackTs::parse(ts_text).ok_or_else(|| {
        ImportError::at(
            &ts_location,
            t!(
                "import-error-slack-ts",
                value = format!("{:?}", shortened(ts_text))
            ),
        )
    })?;
    let occurred_at = ts.to_utc().ok_or_else(|| {
        ImportError::at(
            &ts_location,
            t!("import-error-out-of-range", value = format!("{ts_text:?}")),
        )
    })?;
    let thread_ts = optional_str(object, "thread_ts", location)?;
    let edited = match object.get("edited") {
        Some(edited) => edited
            .get("ts")
            .and_then(Value::as_str)
            .and_then(SlackTs::parse),
        None => None,
    };
    let author_name = nested_text(value, &["user_profile", "display_name"])
        .or_else(|| nested_text(value, &["user_profile", "real_name"]))
        .or_else(|| nested_text(value, &["username"]))
        .map(str::to_owned);
    Ok(Item::Message(Message {
        ts,
        ts_text: ts_text.to_owned(),
        occurred_at,
        user: user.map(str::to_owned),
        author_name,
        text: optional_str(object, "text", location)?
            .unwrap_or("")
            .to_owned(),
        is_thread_reply: thread_ts.is_some_and(|thread| thread != ts_text),
        files: shared_files(value),
        edited,
    }))
}

/// Files shared with a message: `files` (current exports) or `file` (older ones).
fn shared_files(message: &Value) -> Vec<SharedFile> {
    let listed = message
        .get("files")
        .and_then(Value::as_array)
        .map(|files| files.iter().collect::<Vec<_>>())
        .unwrap_or_default();
    let single = message.get("file").filter(|file| file.is_object());
    listed
        .into_iter()
        .chain(single)
        .filter(|file| file.is_object())
        .map(|file| SharedFile {
            title: nested_text(file, &["title"])
                .or_else(|| nested_text(file, &["name"]))
                .map(str::to_owned),
            url: nested_text(file, &["url_private"])
                .or_else(|| nested_text(file, &["permalink"]))
                .or_else(|| nested_text(file, &["url_private_download"]))
                .map(str::to_owned),
        })
        .collect()
}

/// One channel folder, read.
struct ChannelRead {
    folder: String,
    entries: Vec<(Message, String)>,
    dropped: BTreeMap<String, usize>,
    unknown_users: BTreeMap<String, usize>,
}

fn read_channel(
    folder: &str,
    day_files: &[ExportFile],
    directory: &Directory,
) -> Result<ChannelRead, ImportError> {
    let mut messages: BTreeMap<String, Message> = BTreeMap::new();
    let mut edits: Vec<Message> = Vec::new();
    let mut deletions: Vec<String> = Vec::new();
    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    for file in day_files {
        let value = read_json(file)?;
        for (index, item) in json_array(&value, file, || t!("import-error-slack-messages"))?
            .iter()
            .enumerate()
        {
            let location = format!("{}: $[{index}]", file.path);
            match read_item(item, &location, directory)? {
                Item::Message(message) => keep_latest(&mut messages, message),
                Item::Edit(message) => edits.push(message),
                Item::Deletion(ts) => deletions.push(ts),
                Item::Dropped(reason) => *dropped.entry(reason).or_default() += 1,
            }
        }
    }
    for edit in edits {
        keep_latest(&mut messages, edit);
    }
    for ts in deletions {
        let reason = if messages.remove(&ts).is_some() {
            "deleted"
        } else {
            "message_deleted"
        };
        *dropped.entry(reason.to_owned()).or_default() += 1;
    }
    let mut ordered: Vec<Message> = messages.into_values().collect();
    ordered.sort_by_key(|message| message.ts);
    let mut entries = Vec::new();
    let mut unknown_users: BTreeMap<String, usize> = BTreeMap::new();
    for message in ordered {
        let text = entry_text(&message, directory);
        if text.trim().is_empty() {
            *dropped.entry("empty".to_owned()).or_default() += 1;
            continue;
        }
        if let Some(user) = &message.user
            && !directory.people.contains_key(user)
        {
            *unknown_users.entry(user.clone()).or_default() += 1;
        }
        entries.push((message, text));
    }
    Ok(ChannelRead {
        folder: folder.to_owned(),
        entries,
        dropped,
        unknown_users,
    })
}

/// Keeps one version per `ts`: the most recently edited.
fn keep_latest(messages: &mut BTreeMap<String, Message>, message: Message) {
    match messages.get(&message.ts_text) {
        Some(existing) if existing.edited > message.edited => {}
        _ => {
            messages.insert(message.ts_text.clone(), message);
        }
    }
}

/// The entry's text: the message as plain text, its files, a thread mark; no tokens.
/// The words added here are stored with the entry, so they are English whoever imports.
fn entry_text(message: &Message, directory: &Directory) -> String {
    let mut text = plain_text(&message.text, directory).trim().to_owned();
    for file in &message.files {
        let description = match (&file.title, &file.url) {
            (Some(title), Some(url)) => format!("Attached file: {title} ({url})"),
            (Some(title), None) => format!("Attached file: {title}"),
            (None, Some(url)) => format!("Attached file: {url}"),
            (None, None) => "Attached file (not in the export)".to_owned(),
        };
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&description);
    }
    if message.is_thread_reply && !text.is_empty() {
        text.insert_str(0, "↳ ");
    }
    remove_tokens(&text)
}

impl ChannelRead {
    fn into_timeline(self, directory: &Directory) -> Timeline {
        let conversation = directory.conversation_for_folder(&self.folder);
        let title = conversation
            .and_then(|c| c.name.clone())
            .unwrap_or_else(|| self.folder.clone());
        let source_ref = conversation.map_or_else(|| self.folder.clone(), |c| c.id.clone());
        let summary = conversation
            .and_then(|c| c.purpose.as_deref().or(c.topic.as_deref()))
            .map(|text| remove_tokens(plain_text(text, directory).trim()))
            .filter(|text| !text.is_empty());
        let mut warnings = Vec::new();
        let dropped_total: usize = self.dropped.values().sum();
        if dropped_total > 0 {
            let reasons: Vec<String> = self
                .dropped
                .iter()
                .map(|(reason, count)| format!("{count} {reason}"))
                .collect();
            warnings.push(t!(
                "import-warning-slack-dropped",
                count = dropped_total,
                reasons = reasons.join(", ")
            ));
        }
        if !self.unknown_users.is_empty() {
            let ids: Vec<&str> = self.unknown_users.keys().map(String::as_str).collect();
            warnings.push(t!(
                "import-warning-slack-unknown-users",
                count = self.unknown_users.values().sum::<usize>(),
                ids = ids.join(", ")
            ));
        }
        let entries = self
            .entries
            .into_iter()
            .map(|(message, text)| {
                let actor = message
                    .user
                    .as_deref()
                    .and_then(|id| directory.people.get(id))
                    .map(|person| person.name.clone())
                    .or(message.author_name)
                    .or(message.user);
                EntryDraft {
                    occurred_at: message.occurred_at,
                    kind: EntryKind::Note,
                    actor,
                    text,
                    visibility: Visibility::Internal,
                    source_ref: format!("{source_ref}:{}", message.ts_text),
                }
            })
            .collect();
        Timeline {
            format: Format::Slack,
            source_ref,
            incident: IncidentDraft {
                title: remove_tokens(&title),
                summary,
                ..IncidentDraft::default()
            },
            entries,
            warnings,
        }
    }
}

/// Slack's message markup as plain text.
fn plain_text(text: &str, directory: &Directory) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let Some(length) = rest[open..].find('>') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&render_reference(&rest[open + 1..open + length], directory));
        rest = &rest[open + length + 1..];
    }
    out.push_str(rest);
    let out = out
        .split('\n')
        .map(strip_emphasis)
        .collect::<Vec<_>>()
        .join("\n");
    decode_entities(&out)
}

/// One `<…>` reference: a mention, channel, special mention or link.
fn render_reference(inner: &str, directory: &Directory) -> String {
    let (target, label) = match inner.split_once('|') {
        Some((target, label)) => (target, Some(label).filter(|label| !label.is_empty())),
        None => (inner, None),
    };
    if let Some(id) = target.strip_prefix('@') {
        let name = directory
            .people
            .get(id)
            .map(|person| person.name.as_str())
            .or(label.map(|label| label.trim_start_matches('@')))
            .unwrap_or(id);
        return format!("@{name}");
    }
    if let Some(id) = target.strip_prefix('#') {
        let name = directory
            .channel_name(id)
            .or(label.map(|label| label.trim_start_matches('#')))
            .unwrap_or(id);
        return format!("#{name}");
    }
    if let Some(command) = target.strip_prefix('!') {
        if let Some(label) = label {
            return label.to_owned();
        }
        let word = command.split('^').next().unwrap_or(command);
        return format!("@{word}");
    }
    match label {
        Some(label) if label == target || target.strip_prefix("mailto:") == Some(label) => {
            label.to_owned()
        }
        Some(label) => format!("{label} ({target})"),
        None => target.strip_prefix("mailto:").unwrap_or(target).to_owned(),
    }
}

/// Longest emphasis span looked for: a bound that keeps a hostile line of unclosed
/// markers from costing quadratic time; longer spans keep their markers.
const MAX_EMPHASIS_CHARS: usize = 1000;

/// Removes `*bold*`, `_italic_` and `~strike~` markers from one line. A marker opens
/// after a space or bracket and closes before a space or punctuation, as in Slack, so
/// `max_connections` or `a*b*c` keep theirs; `code` spans are left alone.
fn strip_emphasis(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut removed = vec![false; chars.len()];
    let opens_after = |c: char| c.is_whitespace() || "([{\"'*_~".contains(c);
    let closes_before = |c: char| c.is_whitespace() || ".,;:!?)]}\"'*_~".contains(c);
    let mut in_code = false;
    for index in 0..chars.len() {
        let marker = chars[index];
        if marker == '`' {
            in_code = !in_code;
            continue;
        }
        if in_code || removed[index] || !matches!(marker, '*' | '_' | '~') {
            continue;
        }
        let opens = (index == 0 || opens_after(chars[index - 1]))
            && chars
                .get(index + 1)
                .is_some_and(|next| !next.is_whitespace() && *next != marker);
        if !opens {
            continue;
        }
        let search_end = chars.len().min(index + MAX_EMPHASIS_CHARS);
        let closing = (index + 2..search_end)
            .take_while(|&j| chars[j] != '`')
            .find(|&j| {
                chars[j] == marker
                    && !removed[j]
                    && !chars[j - 1].is_whitespace()
                    && chars.get(j + 1).is_none_or(|&after| closes_before(after))
            });
        if let Some(closing) = closing {
            removed[index] = true;
            removed[closing] = true;
        }
    }
    chars
        .iter()
        .zip(removed)
        .filter(|(_, is_removed)| !is_removed)
        .map(|(c, _)| *c)
        .collect()
}

/// Slack escapes only these three.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(position) = rest.find('&') {
        out.push_str(&rest[..position]);
        let tail = &rest[position..];
        let (decoded, length) = [("&lt;", '<'), ("&gt;", '>'), ("&amp;", '&')]
            .iter()
            .find(|(entity, _)| tail.starts_with(entity))
            .map_or(('&', 1), |(entity, c)| (*c, entity.len()));
        out.push(decoded);
        rest = &tail[length..];
    }
    out.push_str(rest);
    out
}

/// Slack tokens (`xoxe-…`, `xoxb-…`, `xoxe.xoxp-…`) removed from text. In a URL the whole
/// query parameter goes (`?t=xoxe-…&a=1` → `?a=1`); elsewhere the token becomes
/// `[token removed]`. Exports put such tokens in file links; they grant access.
fn remove_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, end)) = find_token(rest) {
        let before = &rest[..start];
        let after = &rest[end..];
        match query_parameter_start(before) {
            Some(separator_index) => {
                out.push_str(&before[..separator_index]);
                let separator = before.as_bytes()[separator_index];
                rest = match after.strip_prefix('&') {
                    // `?t=…&a=1`: `a` becomes the first parameter.
                    Some(next) if separator == b'?' => {
                        out.push('?');
                        next
                    }
                    _ => after,
                };
            }
            None => {
                out.push_str(before);
                out.push_str("[token removed]");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The byte range of the first Slack token: `xox`, a letter, `-` or `.`, then token
/// characters; not inside a longer word.
fn find_token(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    text.match_indices("xox")
        .map(|(start, _)| start)
        .find_map(|start| {
            let starts_word = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            let kind = bytes.get(start + 3).is_some_and(u8::is_ascii_alphabetic);
            let dash = bytes
                .get(start + 4)
                .is_some_and(|b| *b == b'-' || *b == b'.');
            if !(starts_word && kind && dash) {
                return None;
            }
            let length = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'%'))
                .count();
            Some((start, start + length))
        })
}

/// When `before` ends with `?name=` or `&name=`, the index of that `?` or `&`.
fn query_parameter_start(before: &str) -> Option<usize> {
    let without_equals = before.strip_suffix('=')?;
    let name_length = without_equals
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let separator_index = without_equals.len().checked_sub(name_length + 1)?;
    if name_length == 0 {
        return None;
    }
    matches!(before.as_bytes()[separator_index], b'?' | b'&').then_some(separator_index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Write;
    use std::path::Path;
    use std::sync::LazyLock;

    const CHANNEL_DAY: &str = "incident-db-outage/2016-10-21.json";

    /// The fixture export as (relative path, bytes), in path order.
    fn fixture_files() -> Vec<(String, Vec<u8>)> {
        fn walk(dir: &Path, root: &Path, files: &mut Vec<(String, Vec<u8>)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, files);
                } else {
                    let relative = path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    files.push((relative, std::fs::read(&path).unwrap()));
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/slack/db-outage");
        let mut files = Vec::new();
        walk(&root, &root, &mut files);
        files.sort();
        files
    }

    fn zip_of(files: &[(String, Vec<u8>)], method: zip::CompressionMethod) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, bytes) in files {
            writer.start_file(name.as_str(), options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    static FIXTURE_ZIP: LazyLock<Vec<u8>> =
        LazyLock::new(|| zip_of(&fixture_files(), zip::CompressionMethod::Deflated));

    fn with_file(
        mut files: Vec<(String, Vec<u8>)>,
        name: &str,
        contents: &str,
    ) -> Vec<(String, Vec<u8>)> {
        files.retain(|(path, _)| path != name);
        files.push((name.to_owned(), contents.as_bytes().to_vec()));
        files
    }

    fn read_fixture() -> Timeline {
        parse_files(fixture_files(), &ImportOptions::default()).unwrap()
    }

    fn expected_entries() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
        // (UTC time, actor, text, ts)
        vec![
            (
                "2016-10-21 18:02:00",
                "alice",
                "@here primary DB is refusing connections, looking now. Dashboard: db dashboard (https://grafana.example.com/d/db?orgId=1&from=now-1h)",
                "1477072920.000200",
            ),
            (
                "2016-10-21 18:04:00",
                "김민준",
                "↳ @alice 확인했습니다, replicas are healthy 👍",
                "1477073040.000300",
            ),
            (
                "2016-10-21 18:10:00",
                "Carol (IC)",
                "Mitigation: failing over to `db-replica-2` now, ETA 5 min. rollback not needed",
                "1477073400.000400",
            ),
            (
                "2016-10-21 18:15:00",
                "alice",
                "CPU on the primary, pinned at 100% since 17:55, also here: https://files.slack.com/files-pri/T0EXAMPLE-F0CPUGRAPH/cpu.png?v=2\n\
                 Attached file: cpu.png (https://files.slack.com/files-pri/T0EXAMPLE-F0CPUGRAPH/cpu.png)",
                "1477073700.000600",
            ),
            (
                "2016-10-21 18:20:00",
                "Carol (IC)",
                "Failover complete, writes are back :tada:",
                "1477074000.000700",
            ),
            (
                "2016-10-21 18:21:00",
                "Carol (IC)",
                "↳ Thanks @김민준, keeping writes paused until failover is done",
                "1477074060.000800",
            ),
            (
                "2016-10-21 18:25:00",
                "김민준",
                "원인 분석 중입니다 — autovacuum on `orders` blocked replication 🐘",
                "1477074300.001100",
            ),
            // In the day file of 2016-10-21 (Pacific time), on 2016-10-22 in UTC.
            (
                "2016-10-22 00:30:00",
                "Carol (IC)",
                "Post-incident review in #general tomorrow, notes: https://wiki.example.com/pir/2016-10-21 & questions to sre@example.com",
                "1477096200.001400",
            ),
            (
                "2016-10-22 16:00:00",
                "alice",
                "Rotated the bot token I pasted by mistake ([token removed]) — all clear overnight, archiving the channel 🎉",
                "1477152000.000100",
            ),
        ]
    }

    fn assert_is_fixture_timeline(timeline: &Timeline) {
        assert_eq!(timeline.format, Format::Slack);
        assert_eq!(timeline.source_ref, "C0INCDB01");
        assert_eq!(timeline.incident.title, "incident-db-outage");
        assert_eq!(
            timeline.incident.summary.as_deref(),
            Some(
                "Primary database outage of 2016-10-21 & follow-ups, see status page (https://status.example.com/incidents/db)"
            )
        );
        let actual: Vec<(String, String, String, String)> = timeline
            .entries
            .iter()
            .map(|entry| {
                (
                    entry.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    entry.actor.clone().unwrap_or_default(),
                    entry.text.clone(),
                    entry.source_ref.clone(),
                )
            })
            .collect();
        let expected: Vec<(String, String, String, String)> = expected_entries()
            .into_iter()
            .map(|(time, actor, text, ts)| {
                (
                    time.into(),
                    actor.into(),
                    text.into(),
                    format!("C0INCDB01:{ts}"),
                )
            })
            .collect();
        assert_eq!(actual, expected);
        assert!(
            timeline
                .entries
                .iter()
                .all(|e| e.kind == EntryKind::Note && e.visibility == Visibility::Internal)
        );
        assert_eq!(
            timeline.warnings,
            [
                "dropped 7 messages that are not conversation: 2 bot, 1 bot_message, 1 channel_join, 1 channel_leave, 1 channel_topic, 1 deleted"
            ]
        );
    }

    #[test]
    fn the_unzipped_export_gives_the_channel_timeline() {
        assert_is_fixture_timeline(&read_fixture());
    }

    #[test]
    fn the_zipped_export_gives_the_same_timeline() {
        let timeline = parse_zip(&FIXTURE_ZIP, &ImportOptions::default()).unwrap();
        assert_is_fixture_timeline(&timeline);
    }

    #[test]
    fn a_zip_of_the_export_folder_with_macos_extras_reads_the_same() {
        let mut files: Vec<(String, Vec<u8>)> = fixture_files()
            .into_iter()
            .map(|(path, bytes)| (format!("db-outage/{path}"), bytes))
            .collect();
        files.push((
            "__MACOSX/db-outage/._users.json".into(),
            vec![0, 5, 22, 7, 0xff],
        ));
        files.push((
            "db-outage/incident-db-outage/._2016-10-21.json".into(),
            vec![0xff; 8],
        ));
        let bytes = zip_of(&files, zip::CompressionMethod::Stored);
        assert!(looks_like(&bytes));
        assert_is_fixture_timeline(&parse_zip(&bytes, &ImportOptions::default()).unwrap());
    }

    #[test]
    fn no_access_token_survives_anywhere() {
        let timeline = parse_zip(&FIXTURE_ZIP, &ImportOptions::default()).unwrap();
        let everything = format!("{timeline:?}");
        assert!(!everything.contains("xox"), "{everything}");
        // The fixture does carry tokens, so the check above means something.
        let raw: Vec<u8> = fixture_files()
            .into_iter()
            .flat_map(|(_, bytes)| bytes)
            .collect();
        let raw = String::from_utf8(raw).unwrap();
        assert!(raw.contains("?t=xoxe-") && raw.contains("xoxb-"));
    }

    #[test]
    fn several_channels_with_messages_are_refused_with_their_folders() {
        let files = with_file(
            fixture_files(),
            "general/2016-10-20.json",
            r#"[{"type": "message", "user": "U0ALICE01", "text": "lunch?", "ts": "1476954060.000200"}]"#,
        );
        let error = parse_files(files, &ImportOptions::default()).unwrap_err();
        assert_eq!(
            error.message,
            "the export holds 2 channels with messages (general, incident-db-outage); export only \
             the incident's channel, or remove the other channel folders, and import again"
        );
    }

    #[test]
    fn an_export_without_metadata_uses_folder_names_and_ids() {
        let files: Vec<_> = fixture_files()
            .into_iter()
            .filter(|(path, _)| path.contains('/'))
            .collect();
        let timeline = parse_files(files, &ImportOptions::default()).unwrap();
        assert_eq!(timeline.source_ref, "incident-db-outage");
        assert_eq!(timeline.incident.title, "incident-db-outage");
        assert_eq!(timeline.incident.summary, None);
        let actors: Vec<Option<&str>> = timeline
            .entries
            .iter()
            .map(|e| e.actor.as_deref())
            .collect();
        // Names from the messages' own profiles where they have one, else the user id.
        assert_eq!(actors[0], Some("alice"));
        assert_eq!(actors[1], Some("김민준"));
        assert_eq!(actors[2], Some("U0CAROL01"));
        assert_eq!(
            timeline.entries[0].source_ref,
            "incident-db-outage:1477072920.000200"
        );
        assert!(
            timeline
                .warnings
                .iter()
                .any(|w| w.starts_with("9 messages are by users missing from users.json")),
            "{:?}",
            timeline.warnings
        );
    }

    #[test]
    fn a_bad_timestamp_is_located_by_file_and_json_path() {
        let day = r#"[
            {"type": "message", "user": "U0ALICE01", "text": "a", "ts": "1477072920.000200"},
            {"type": "message", "user": "U0ALICE01", "text": "b", "ts": "1477072921.000200"},
            {"type": "message", "subtype": "channel_join", "user": "U0ALICE01", "ts": "whenever"},
            {"type": "message", "user": "U0ALICE01", "text": "c", "ts": "1477072922.000200"},
            {"type": "message", "user": "U0ALICE01", "text": "d", "ts": "2016-10-21T18:02:00Z"}
        ]"#;
        let files = with_file(fixture_files(), CHANNEL_DAY, day);
        let error = parse_files(files, &ImportOptions::default()).unwrap_err();
        assert_eq!(
            error.location.as_deref(),
            Some("incident-db-outage/2016-10-21.json: $[4].ts")
        );
        assert_eq!(
            error.message,
            "\"2016-10-21T18:02:00Z\" is not a Slack timestamp like \"1477046400.000200\""
        );

        let zipped = zip_of(
            &with_file(fixture_files(), CHANNEL_DAY, day),
            zip::CompressionMethod::Deflated,
        );
        let error = parse_zip(&zipped, &ImportOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{CHANNEL_DAY}: $[4].ts: {}", error.message)
        );
    }

    #[test]
    fn malformed_files_are_located() {
        let cases = [
            (
                r#"[{"ts": "1477072920.000200", "text": 5}]"#,
                "incident-db-outage/2016-10-21.json: $[0].text",
            ),
            (
                r#"[{"text": "no ts", "user": "U0ALICE01"}]"#,
                "incident-db-outage/2016-10-21.json: $[0].ts",
            ),
            (
                r#"[{"ts": "99999999999999.1", "user": "U0ALICE01"}]"#,
                "incident-db-outage/2016-10-21.json: $[0].ts",
            ),
            (
                r#"["just text"]"#,
                "incident-db-outage/2016-10-21.json: $[0]",
            ),
            (
                r#"{"messages": []}"#,
                "incident-db-outage/2016-10-21.json: $",
            ),
            (
                "[\n  {\"ts\": ",
                "incident-db-outage/2016-10-21.json: line 2, column 9",
            ),
        ];
        for (day, location) in cases {
            let files = with_file(fixture_files(), CHANNEL_DAY, day);
            let error = parse_files(files, &ImportOptions::default()).unwrap_err();
            assert_eq!(error.location.as_deref(), Some(location), "{day}: {error}");
        }
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let error = parse_files(
            with_file(fixture_files(), CHANNEL_DAY, &deep),
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            error.location.as_deref(),
            Some("incident-db-outage/2016-10-21.json: line 1")
        );
        let error = parse_files(
            with_file(fixture_files(), "users.json", r#"[{"name": "x"}]"#),
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(error.location.as_deref(), Some("users.json: $[0].id"));
    }

    #[test]
    fn exports_without_channels_or_messages_are_refused() {
        let error = parse_files(
            vec![("users.json".into(), b"[]".to_vec())],
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert!(
            error.message.starts_with("no channel folders found"),
            "{error}"
        );
        let only_noise: Vec<_> = fixture_files()
            .into_iter()
            .filter(|(path, _)| !path.starts_with("incident-db-outage/"))
            .collect();
        let error = parse_files(only_noise, &ImportOptions::default()).unwrap_err();
        assert_eq!(
            error.message,
            "the export has no messages from people to import (channel folders: general)"
        );
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_refused() {
        assert!(!looks_like(b"# Timeline\n"));
        assert!(looks_like(&FIXTURE_ZIP));
        let error = parse_zip(b"PK\x03\x04 not really", &ImportOptions::default()).unwrap_err();
        assert!(
            error.message.starts_with("not a readable zip archive"),
            "{error}"
        );
    }

    /// Sets the uncompressed size in every central directory record of an archive.
    fn declare_uncompressed_size(zip: &mut [u8], size: u32) {
        let mut index = 0;
        while let Some(found) = zip[index..].windows(4).position(|w| w == b"PK\x01\x02") {
            let record = index + found;
            zip[record + 24..record + 28].copy_from_slice(&size.to_le_bytes());
            index = record + 4;
        }
    }

    #[test]
    fn an_archive_declaring_too_much_is_refused_before_inflating() {
        let mut bytes = zip_of(
            &[
                ("export/users.json".into(), b"[]".to_vec()),
                ("export/c/2016-10-21.json".into(), b"[]".to_vec()),
            ],
            zip::CompressionMethod::Stored,
        );
        declare_uncompressed_size(&mut bytes, 300 * 1024 * 1024);
        let error = parse_zip(&bytes, &ImportOptions::default()).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("export/c/2016-10-21.json"));
        assert_eq!(
            error.message,
            "the archive expands to more than 512 MB; at most that much is accepted"
        );
    }

    #[test]
    fn a_zip_bomb_lying_about_its_size_is_refused() {
        // 4 MiB of one byte deflates to a few KiB; the archive then claims 100 bytes.
        let bomb = vec![b' '; 4 << 20];
        let mut bytes = zip_of(
            &[("c/2016-10-21.json".into(), bomb)],
            zip::CompressionMethod::Deflated,
        );
        assert!(bytes.len() < 64 * 1024);
        declare_uncompressed_size(&mut bytes, 100);
        let small = ZipLimits {
            max_entries: 10,
            max_unzipped_bytes: 1 << 20,
        };
        let error = unzip(&bytes, small).unwrap_err();
        assert_eq!(error.location.as_deref(), Some("c/2016-10-21.json"));
        assert_eq!(
            error.message,
            "the archive expands to more than 1 MB; at most that much is accepted (this entry inflates past its declared size)"
        );
        // Within the limit the same entry is read whole: the limit is what refused it.
        let roomy = ZipLimits {
            max_entries: 10,
            max_unzipped_bytes: 8 << 20,
        };
        let sizes: Vec<usize> = unzip(&bytes, roomy)
            .map(|files| files.iter().map(|(_, bytes)| bytes.len()).collect())
            .unwrap_or_default();
        assert_eq!(sizes, [4 << 20]);
    }

    #[test]
    fn an_archive_with_too_many_entries_is_refused() {
        let files: Vec<(String, Vec<u8>)> = (0..5)
            .map(|i| (format!("c/2016-10-2{i}.json"), b"[]".to_vec()))
            .collect();
        let bytes = zip_of(&files, zip::CompressionMethod::Stored);
        let limits = ZipLimits {
            max_entries: 4,
            max_unzipped_bytes: 1 << 20,
        };
        let error = unzip(&bytes, limits).unwrap_err();
        assert_eq!(
            error.message,
            "the archive holds 5 files; at most 4 are accepted"
        );
        assert_eq!(
            unzip(
                &bytes,
                ZipLimits {
                    max_entries: 5,
                    ..limits
                }
            )
            .unwrap()
            .len(),
            5
        );
    }

    fn directory() -> Directory {
        let mut directory = Directory::default();
        directory.people.insert(
            "U1".into(),
            Person {
                name: "alice".into(),
                is_bot: false,
            },
        );
        directory.conversations.push(ConversationInfo {
            id: "C1".into(),
            name: Some("ops".into()),
            purpose: None,
            topic: None,
        });
        directory
    }

    #[test]
    fn slack_markup_becomes_plain_text() {
        let cases = [
            ("<@U1> look", "@alice look"),
            ("<@U9|bob> and <@U9>", "@bob and @U9"),
            ("<#C1> <#C9|random> <#C8>", "#ops #random #C8"),
            (
                "<!here> <!channel> <!subteam^S1|@oncall> <!date^1392734382^{date}|Feb 18>",
                "@here @channel @oncall Feb 18",
            ),
            (
                "<https://x.io/a_b|the docs> <https://x.io/c> <https://x.io|https://x.io>",
                "the docs (https://x.io/a_b) https://x.io/c https://x.io",
            ),
            ("<mailto:a@b.io|a@b.io>", "a@b.io"),
            (
                "&lt;script&gt; &amp;lt; &amp; &copy;",
                "<script> &lt; & &copy;",
            ),
            ("*bold* _italic_ ~gone~ *_both_*", "bold italic gone both"),
            (
                "max_connections a*b*c 2*3 = 6 snake_case_name",
                "max_connections a*b*c 2*3 = 6 snake_case_name",
            ),
            ("`*not bold*` but *bold*", "`*not bold*` but bold"),
            ("*unclosed and _open", "*unclosed and _open"),
            ("line *one*\n_two_ lines", "line one\ntwo lines"),
            ("unmatched < bracket", "unmatched < bracket"),
        ];
        for (markup, plain) in cases {
            assert_eq!(plain_text(markup, &directory()), plain, "{markup}");
        }
    }

    #[test]
    fn a_long_line_of_unclosed_markers_is_quick() {
        let hostile = "*a _b ~c ".repeat(20_000);
        let started = std::time::Instant::now();
        assert_eq!(plain_text(&hostile, &directory()), hostile);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn tokens_are_removed_from_urls_and_text() {
        let cases = [
            ("https://f.io/a.png?t=xoxe-123-abc", "https://f.io/a.png"),
            (
                "https://f.io/a.png?t=xoxe-123-abc&v=2 next",
                "https://f.io/a.png?v=2 next",
            ),
            (
                "https://f.io/a.png?v=2&t=xoxe-123-abc&w=3",
                "https://f.io/a.png?v=2&w=3",
            ),
            ("https://f.io/a.png?token=xoxp-1-2)", "https://f.io/a.png)"),
            ("paste: xoxb-1111-2222-abc.", "paste: [token removed]"),
            ("refresh xoxe.xoxp-1-abc", "refresh [token removed]"),
            (
                "boxoxa-not a token, xox alone, xoxo-hugs",
                "boxoxa-not a token, xox alone, [token removed]",
            ),
            ("한국어 xoxs-1 끝", "한국어 [token removed] 끝"),
        ];
        for (text, cleaned) in cases {
            assert_eq!(remove_tokens(text), cleaned, "{text}");
        }
    }

    #[test]
    fn slack_timestamps_are_read_exactly() {
        assert_eq!(
            SlackTs::parse("1477046400.000200"),
            Some(SlackTs {
                seconds: 1477046400,
                micros: 200
            })
        );
        assert_eq!(
            SlackTs::parse("1477046400"),
            Some(SlackTs {
                seconds: 1477046400,
                micros: 0
            })
        );
        assert_eq!(
            SlackTs::parse("1477046400.5"),
            Some(SlackTs {
                seconds: 1477046400,
                micros: 500_000
            })
        );
        for bad in [
            "",
            ".5",
            "-1.0",
            "1e9",
            "1477046400.00020a",
            "１２",
            "1.2.3",
        ] {
            assert_eq!(SlackTs::parse(bad), None, "{bad}");
        }
        let at = SlackTs::parse("1477046400.000200")
            .unwrap()
            .to_utc()
            .unwrap();
        assert_eq!(at.to_rfc3339(), "2016-10-21T10:40:00.000200+00:00");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
            let _ = looks_like(&bytes);
            let _ = parse_zip(&bytes, &ImportOptions::default());
            let mut zip_like = b"PK\x03\x04".to_vec();
            zip_like.extend_from_slice(&bytes);
            let _ = parse_zip(&zip_like, &ImportOptions::default());
        }

        #[test]
        fn arbitrary_day_files_never_panic(day in prop::collection::vec(any::<u8>(), 0..1024)) {
            let mut files = fixture_files();
            files.retain(|(path, _)| path != CHANNEL_DAY);
            files.push((CHANNEL_DAY.to_owned(), day));
            let _ = parse_files(files, &ImportOptions::default());
        }

        #[test]
        fn arbitrary_message_text_never_panics(text in "\\PC{0,200}") {
            let _ = plain_text(&text, &directory());
            let _ = remove_tokens(&text);
            let _ = strip_emphasis(&text);
        }

        #[test]
        fn truncated_zips_never_panic(cut in any::<prop::sample::Index>()) {
            let cut = cut.index(FIXTURE_ZIP.len() + 1);
            let _ = parse_zip(&FIXTURE_ZIP[..cut], &ImportOptions::default());
        }

        #[test]
        fn damaged_zips_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let mut bytes = FIXTURE_ZIP.clone();
            for (index, value) in flips {
                let at = index.index(bytes.len());
                bytes[at] = value;
            }
            let _ = parse_zip(&bytes, &ImportOptions::default());
        }

        #[test]
        fn damaged_day_files_never_panic(
            flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        ) {
            let mut files = fixture_files();
            if let Some((_, bytes)) = files.iter_mut().find(|(path, _)| path == CHANNEL_DAY) {
                for (index, value) in flips {
                    let at = index.index(bytes.len());
                    bytes[at] = value;
                }
            }
            let _ = parse_files(files, &ImportOptions::default());
        }
    }
}
