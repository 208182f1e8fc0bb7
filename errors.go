package zhwatch

import "errors"

// Error kinds. Packages wrap these with context; callers test with errors.Is,
// and the HTTP layer maps them to status codes in one table.
var (
	ErrInvalid  = errors.New("invalid input")
	ErrNotFound = errors.New("not found")
	ErrBusy     = errors.New("busy")
	ErrNotHTML  = errors.New("not an HTML page")

	// ErrUnparsable: the page's HTML could not be parsed at all (nested
	// too deeply, …); the page is kept, it yields no article.
	ErrUnparsable = errors.New("page cannot be parsed")
	// ErrExtract: the page was stored but no article could be extracted
	// from it. Wrapped together with the extractor's own error.
	ErrExtract = errors.New("article extraction failed")
)
