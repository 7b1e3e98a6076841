//! A local SMTP receiver for tests: a tiny ESMTP server on 127.0.0.1:0 that speaks just
//! enough for lettre (greeting, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every
//! message it accepts, and can be told to turn the next messages away with a 4xx.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One accepted message: its envelope and its data as sent (dot-stuffing undone).
#[derive(Clone, Debug)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The value of header `name` (unfolded), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let mut value: Option<String> = None;
        let mut in_header = false;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                // Unfolding removes the line break, not the whitespace after it.
                if in_header && let Some(value) = value.as_mut() {
                    value.push_str(line);
                }
                continue;
            }
            in_header = false;
            if value.is_some() {
                break;
            }
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_owned());
                in_header = true;
            }
        }
        value
    }

    /// The subject, with RFC 2047 encoded words decoded.
    pub fn subject(&self) -> String {
        let raw = self.header("Subject").unwrap_or_default();
        let mut subject = String::new();
        let mut previous_encoded = false;
        for word in raw.split_whitespace() {
            let decoded = decode_word(word);
            // Whitespace between two encoded words is not part of the text.
            let joins_encoded_words = previous_encoded && decoded.is_some();
            if !subject.is_empty() && !joins_encoded_words {
                subject.push(' ');
            }
            previous_encoded = decoded.is_some();
            subject.push_str(&decoded.unwrap_or_else(|| word.to_owned()));
        }
        subject
    }

    /// The text body, with its transfer encoding undone.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(body.replace(['\r', '\n'], ""))
                .expect("base64 body"),
            "quoted-printable" => quoted_printable(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8(bytes)
            .expect("UTF-8 body")
            .replace("\r\n", "\n")
    }

    /// The first link in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let body = self.body();
        let start = body.find(prefix)?;
        Some(
            body[start..]
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .to_owned(),
        )
    }
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`, possibly several run together, as lettre
/// writes them), decoded; `None` for a plain word.
fn decode_word(word: &str) -> Option<String> {
    let mut rest = word;
    let mut bytes = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix("=?")?;
        let (_charset, after) = inner.split_once('?')?;
        let (encoding, after) = after.split_once('?')?;
        let (text, after) = after.split_once("?=")?;
        match encoding.to_ascii_uppercase().as_str() {
            "B" => bytes.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .ok()?,
            ),
            "Q" => bytes.extend(quoted_printable(&text.replace('_', " "))),
            _ => return None,
        }
        rest = after;
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

#[derive(Default)]
struct Inbox {
    messages: Vec<Received>,
    /// How many of the next messages to refuse with a 451.
    refuse: usize,
    /// Messages turned away so far.
    refused: usize,
}

#[derive(Clone)]
pub struct SmtpReceiver {
    pub address: SocketAddr,
    inbox: Arc<Mutex<Inbox>>,
}

impl SmtpReceiver {
    pub async fn start() -> SmtpReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP");
        let address = listener.local_addr().expect("SMTP address");
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let shared = inbox.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, shared.clone()));
            }
        });
        SmtpReceiver { address, inbox }
    }

    /// `smtp://127.0.0.1:PORT`, for `--smtp-url`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    fn inbox(&self) -> std::sync::MutexGuard<'_, Inbox> {
        self.inbox.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers the next `count` messages with "451 try again later".
    pub fn refuse_next(&self, count: usize) {
        self.inbox().refuse = count;
    }

    pub fn refused(&self) -> usize {
        self.inbox().refused
    }

    pub fn messages(&self) -> Vec<Received> {
        self.inbox().messages.clone()
    }

    /// Messages to `recipient`.
    pub fn messages_to(&self, recipient: &str) -> Vec<Received> {
        self.messages()
            .into_iter()
            .filter(|m| m.rcpt_to.iter().any(|r| r == recipient))
            .collect()
    }

    /// Waits (up to 10 s) until `count` messages have arrived, and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "expected {count} emails, got {}: {:?}",
                messages.len(),
                messages.iter().map(Received::subject).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Angle-bracketed address of `MAIL FROM:<a@b> SIZE=…`.
fn path_of(argument: &str) -> String {
    let start = argument.find('<').map_or(0, |i| i + 1);
    let end = argument[start..]
        .find('>')
        .map_or(argument.len(), |i| start + i);
    argument[start..end].to_owned()
}

async fn session(stream: TcpStream, inbox: Arc<Mutex<Inbox>>) {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    if writer
        .write_all(b"220 localhost test ESMTP ready\r\n")
        .await
        .is_err()
    {
        return;
    }
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-localhost greets you\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 localhost\r\n",
            "MAIL" => {
                mail_from = path_of(command);
                rcpt_to.clear();
                b"250 2.1.0 OK\r\n"
            }
            "RCPT" => {
                rcpt_to.push(path_of(command));
                b"250 2.1.5 OK\r\n"
            }
            "DATA" => {
                if writer
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                let mut data = String::new();
                loop {
                    let mut data_line = String::new();
                    match reader.read_line(&mut data_line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if data_line == ".\r\n" || data_line == ".\n" {
                        break;
                    }
                    let unstuffed = data_line.strip_prefix('.').unwrap_or(&data_line);
                    data.push_str(unstuffed);
                }
                let mut inbox = inbox.lock().unwrap_or_else(PoisonError::into_inner);
                let reply: &[u8] = if inbox.refuse > 0 {
                    inbox.refuse -= 1;
                    inbox.refused += 1;
                    b"451 4.3.0 Try again later\r\n"
                } else {
                    inbox.messages.push(Received {
                        mail_from: std::mem::take(&mut mail_from),
                        rcpt_to: std::mem::take(&mut rcpt_to),
                        data,
                    });
                    b"250 2.0.0 Queued\r\n"
                };
                mail_from.clear();
                rcpt_to.clear();
                reply
            }
            "RSET" => {
                mail_from.clear();
                rcpt_to.clear();
                b"250 2.0.0 OK\r\n"
            }
            "NOOP" => b"250 2.0.0 OK\r\n",
            "QUIT" => {
                let _closing = writer.write_all(b"221 2.0.0 Bye\r\n").await;
                return;
            }
            _ => b"502 5.5.2 Command not recognized\r\n",
        };
        if writer.write_all(reply).await.is_err() {
            return;
        }
    }
}
