package model

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	for s, want := range map[string]int64{"8G": 8 << 30, "512m": 512 << 20, "2GiB": 2 << 30, "1.5k": 1536, "1000": 1000, "1 GB": 1 << 30} {
		if got, err := ParseByteSize(s); err != nil || got != want {
			t.Errorf("ParseByteSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "-1G", "x", "G", "0", "1e30G"} {
		if _, err := ParseByteSize(s); err == nil {
			t.Errorf("ParseByteSize(%q) accepted", s)
		}
	}
}

func TestMeminfoTotal(t *testing.T) {
	kb, ok := meminfoTotal([]byte("MemTotal:       24576000 kB\nMemFree: 1 kB\n"))
	if !ok || kb != 24576000 {
		t.Errorf("meminfoTotal = %d, %v", kb, ok)
	}
}

// withMemoryLimit sets the budget for one test.
func withMemoryLimit(t *testing.T, n int64) {
	t.Helper()
	SetMemoryLimit(n)
	t.Cleanup(func() { SetMemoryLimit(0) })
}

// Every reader refuses, before allocating, what exceeds the budget; the
// message gives the size and the limit.
func TestReadersKeepToTheMemoryLimit(t *testing.T) {
	withMemoryLimit(t, 100) // bytes: testdata/codes.npy's 10×3 float64 values take 240
	for _, file := range []string{"codes.npy", "codes.csv", "two.npz", "codes.parquet"} {
		name := ""
		if file == "two.npz" {
			name = "codes"
		}
		_, err := ReadArray(filepath.Join("testdata", file), name)
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "more than the limit of 100 bytes") {
			t.Errorf("%s: err = %v, want ErrTooLarge naming the limit", file, err)
		}
	}
	if _, err := ReadCodes("testdata/codes.npy"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadCodes: err = %v, want ErrTooLarge", err)
	}
	SetMemoryLimit(1 << 30)
	if _, err := ReadArray("testdata/codes.npy", ""); err != nil {
		t.Errorf("under the limit: %v", err)
	}
}
