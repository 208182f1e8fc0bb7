package api

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// TestOpenAPIMatchesRoutes validates openapi.json, checks that it documents
// exactly the routes the server registers, and validates real answers of
// every route against it.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	ctx := context.Background()
	doc, err := openapi3.NewLoader().LoadFromData(openapiDoc)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("openapi.json does not validate: %v", err)
	}
	var documented, served []string
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			documented = append(documented, m+" "+p)
		}
	}
	for _, rt := range routes {
		served = append(served, rt.method+" "+rt.path)
	}
	slices.Sort(documented)
	slices.Sort(served)
	if !slices.Equal(documented, served) {
		t.Fatalf("openapi.json documents\n%v\nthe server routes\n%v", documented, served)
	}

	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := newTestServer(t, Config{})
	checked := map[string]bool{}
	for _, path := range []string{
		"/healthz", "/metrics", "/api/v1/openapi.json",
		"/api/v1/search?q=英伟达&sort=date&limit=5", "/api/v1/search?q=%22出口管制",
		"/api/v1/export?q=英伟达&format=csv", "/api/v1/export?q=英伟达&format=xml",
		"/api/v1/search?q=entity:company:nvida%20titel:华为", "/api/v1/timeline?q=英伟达", "/api/v1/timeline?q=英伟达&interval=week&format=csv",
		"/api/v1/timeline?q=英伟达&interval=year",
		"/api/v1/articles/0000000000000001", "/api/v1/articles/0000000000000002", "/api/v1/articles/ffffffffffffffff",
		"/api/v1/articles/0000000000000001/raw", "/api/v1/articles/0000000000000002/raw",
		"/api/v1/entities", "/api/v1/entities?type=chip", "/api/v1/entities/company:nvidia", "/api/v1/entities/company:none",
		"/api/v1/entities/company:nvidia/timeline?interval=day", "/api/v1/entities/company:nvidia/timeline?interval=month&format=csv", "/api/v1/entities/company:nvidia/timeline?interval=year",
	} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s: not in openapi.json: %v", path, err)
		}
		checked[route.Method+" "+route.Path] = true
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 res.StatusCode,
			Header:                 res.Header,
			Options:                &openapi3filter.Options{IncludeResponseStatus: true},
		}
		in.SetBodyBytes(body)
		switch ct := res.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/plain"):
			continue // metrics: a string
		case !strings.HasPrefix(ct, "application/json"):
			// CSV has no schema to check beyond its media type and status.
			in.Options.ExcludeResponseBody = true
		}
		if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
			t.Errorf("GET %s: %d answer does not match openapi.json: %v\n%.300s", path, res.StatusCode, err, body)
		}
	}
	for _, s := range served {
		if !checked[s] {
			t.Errorf("%s: no request checked against openapi.json", s)
		}
	}
}
