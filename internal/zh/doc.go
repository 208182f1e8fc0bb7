// Package zh is zhwatch's Chinese text layer: script detection, traditional →
// simplified conversion (OpenCC t2s rules), width and case folding for
// matching, and word segmentation with one shared gojieba instance.
//
// The package imports nothing else from zhwatch. Conversion and folding are
// pure functions; segmentation goes through a *Segmenter, of which a process
// keeps one (see Load and Shared).
package zh
