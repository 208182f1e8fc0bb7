package zhwatch

import "errors"

// Error kinds. Packages wrap these with context; callers test with errors.Is,
// and the HTTP layer maps them to status codes in one table.
var (
	ErrInvalid  = errors.New("invalid input")
	ErrNotFound = errors.New("not found")
	ErrBusy     = errors.New("busy")
	ErrNotHTML  = errors.New("not an HTML page")
)
