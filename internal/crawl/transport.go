package crawl

import (
	"mime"
	"net/http"
)

// rawContentType carries the server's Content-Type past colly. colly
// re-encodes a body to UTF-8 before OnResponse when the header names another
// charset; zhwatch keeps the bytes exactly as fetched (provenance) and
// decodes them in extraction, so the charset is moved aside here and put
// back when the page is stored.
const rawContentType = "X-Zhwatch-Content-Type"

type keepRawBody struct{ base http.RoundTripper }

func (t keepRawBody) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	ct := resp.Header.Get("Content-Type")
	mediaType, params, perr := mime.ParseMediaType(ct)
	if perr == nil && params["charset"] != "" {
		resp.Header.Set(rawContentType, ct)
		delete(params, "charset")
		resp.Header.Set("Content-Type", mime.FormatMediaType(mediaType, params))
	}
	return resp, nil
}

// restoreHeader copies the response header with the original Content-Type.
func restoreHeader(h *http.Header) http.Header {
	if h == nil {
		return http.Header{}
	}
	out := h.Clone()
	if ct := out.Get(rawContentType); ct != "" {
		out.Set("Content-Type", ct)
		out.Del(rawContentType)
	}
	return out
}
