// Package entity is zhwatch's entity catalog and tagger. The catalog
// (dictionaries/entities.yaml) holds one entry per real-world thing — a chip,
// company, government body, organization, control list, document, technology
// or place — with a stable id and its names in simplified and traditional
// Chinese and in English. Tag finds catalog names in a text, whatever its
// script, plus patterns the catalog cannot list: policy document numbers,
// money amounts, percentages and chip model numbers in context.
//
// A Catalog is immutable once loaded and safe for concurrent use.
package entity

//go:generate go run ./gendict -dir ../../dictionaries
