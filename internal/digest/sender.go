package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// Sender delivers rendered digests to one place. Send must be idempotent in
// m.ID: sending the same digest again (after a crash or a failure) must not
// make a second copy where the receiver can tell (a file is replaced, a
// webhook and a mail carry the id as their idempotency key).
type Sender interface {
	// Name identifies the delivery across restarts, e.g. "dir /srv/digests".
	Name() string
	Send(ctx context.Context, m *Message) error
	Close() error
}

// Message is a digest rendered in every form the senders use.
type Message struct {
	ID       string // the digest id
	Digest   *Digest
	Subject  string
	Markdown string // also the text/plain part of mails
	HTML     string
	JSON     []byte
}

// NewMessage renders d for the senders.
func NewMessage(d *Digest) (*Message, error) {
	js, err := JSON(d)
	if err != nil {
		return nil, fmt.Errorf("digest %s: render JSON: %w", d.ID, err)
	}
	return &Message{ID: d.ID, Digest: d, Subject: Subject(d), Markdown: Markdown(d), HTML: HTML(d), JSON: js}, nil
}

// Subject is a mail subject for d: the watchlist, the count and the first
// title, at most about 90 characters.
func Subject(d *Digest) string {
	s := fmt.Sprintf("[zhwatch] %s: %s (%s)", d.Watchlist, countNew(len(d.Items)), d.Until.In(zhwatch.ChinaTime).Format("2006-01-02"))
	if len(d.Items) > 0 {
		s += " · " + collapseSpace(d.Items[0].Title)
	}
	if utf8.RuneCountInString(s) > 90 {
		s = string([]rune(s)[:89]) + "…"
	}
	return strings.TrimSpace(s)
}

// Env looks up an environment variable; the secrets named in the config
// (password_env, secret_env) are read through it when a sender opens.
type Env func(name string) (string, bool)

// Open makes the sender a validated delivery config describes and reads its
// secret. It does not touch the network: a bad address shows on Send.
func Open(ctx context.Context, d config.Delivery, env Env) (Sender, error) {
	switch d.Type {
	case config.DeliveryDir:
		return openDir(d)
	case config.DeliverySMTP:
		return openSMTP(d, env)
	case config.DeliveryWebhook:
		return openWebhook(d, env)
	}
	return nil, fmt.Errorf("%w: delivery type %q", zhwatch.ErrInvalid, d.Type)
}

// secret reads the environment variable a delivery names.
func secret(env Env, field, name string) (string, error) {
	v, ok := env(name)
	if !ok || v == "" {
		return "", fmt.Errorf("%w: %s: environment variable %s is not set", zhwatch.ErrInvalid, field, name)
	}
	return v, nil
}

// Permanent marks err as a delivery failure that retrying within the same
// run will not fix; the digest stays pending for a later run.
func Permanent(err error) error { return permanent(err) }

// IsPermanent reports whether err is a delivery failure that retrying at
// once will not fix.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
