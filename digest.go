package zhwatch

import "time"

// DigestState is where a recorded digest stands.
type DigestState string

const (
	DigestPending DigestState = "pending" // recorded, not yet taken by every delivery
	DigestSent    DigestState = "sent"    // every delivery took it
	DigestEmpty   DigestState = "empty"   // nothing new, not sent; kept to move the next digest's start
)

// DigestRecord is a digest as the store keeps it.
type DigestRecord struct {
	ID        string
	Watchlist string
	Since     time.Time
	Until     time.Time
	State     DigestState
	CreatedAt time.Time
	SentAt    time.Time // zero until sent
	// Doc is the digest as rendered data (internal/digest encodes it); the store keeps
	// it as is, so a redelivery sends exactly what was recorded.
	Doc        []byte
	Items      []DigestItem             // every matched article the digest covers
	Deliveries map[string]DeliveryState // by delivery name; read back, ignored by RecordDigest
}

// DigestItem is one article a digest covers, and its reprint cluster.
type DigestItem struct {
	ArticleID string
	ClusterID string
}

// DeliveryState is how one delivery of a digest went.
type DeliveryState struct {
	Attempts    int
	NextAttempt time.Time
	LastError   string
	DoneAt      time.Time // zero until it took the digest
}
