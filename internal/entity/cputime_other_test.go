//go:build !unix

package entity

import "testing"

// reportCPU reports nothing where getrusage is missing.
func reportCPU(*testing.B, int64) func() { return func() {} }
