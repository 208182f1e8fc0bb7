// Package digest turns watchlists (saved queries, internal/config) into
// digests: every article that matches and was first stored after the
// watchlist's previous digest, none that an earlier digest delivered, one
// entry per reprint cluster, each saying why it is there (title, source,
// date, a snippet with the matched words marked, the entities it mentions).
//
// The state lives in the store, not the index: a digest is recorded, with
// its items and the time it covers up to, before it is delivered, and it
// stays pending until every delivery has taken it. A run first redelivers
// what is pending, under the same digest id, which every sender uses as an
// idempotency key (the file name, a webhook header, the Message-ID). So a
// crash between rendering and delivery, a failed delivery or a re-index
// neither loses an article nor sends one twice.
//
// Senders follow the lifecycle config → Validate (at config load, no
// network) → Open → Send → Close. Renderers (Markdown, HTML for mail
// clients, JSON, Atom) are pure functions of a Digest.
package digest
