// Command bigsite serves, on loopback, a list page linking to N article
// pages of SIZE bytes each (Chinese paragraphs, so extraction does real
// work): the load for measuring the crawler's peak memory (bench/memory.sh).
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback)")
	pages := flag.Int("pages", 20, "article pages")
	size := flag.Int("size", 10<<20-4096, "bytes per article page (under the 10 MiB default cap, so each is extracted)")
	flag.Parse()

	para := "<p>" + strings.Repeat("美国商务部工业与安全局宣布将多家中国实体列入出口管制实体清单，涉及人工智能芯片。", 20) + "</p>\n"
	head := "<!doctype html><html><head><meta charset=\"utf-8\"><title>出口管制新规</title></head><body><h1>出口管制新规</h1><div class=\"article\">\n"
	tail := "</div></body></html>\n"
	var b strings.Builder
	b.WriteString(head)
	for b.Len()+len(para)+len(tail) <= *size {
		b.WriteString(para)
	}
	b.WriteString(tail)
	page := []byte(b.String())

	mux := http.NewServeMux()
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<html><body>")
		for i := range *pages {
			fmt.Fprintf(w, `<a href="/news/%d.html">%d</a>`, i, i)
		}
		fmt.Fprint(w, "</body></html>")
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, mux))
}
