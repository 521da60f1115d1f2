package model

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
)

// The memory budget: every reader works out the in-memory size of what it
// will produce before allocating it, and refuses with ErrTooLarge what
// would exceed the budget. The default is half the physical memory (or
// of the cgroup's limit, when lower); the environment variable
// LATENT_MEMORY_LIMIT or SetMemoryLimit (the command line's
// --memory-limit) changes it.

// MemoryLimitEnv is the environment variable that sets the memory budget:
// a size such as 8G, 512M, 2GiB or a number of bytes.
const MemoryLimitEnv = "LATENT_MEMORY_LIMIT"

// memoryLimit is the budget in bytes; 0 means not yet decided.
var memoryLimit atomic.Int64

// MemoryLimit returns the memory budget in bytes.
func MemoryLimit() int64 {
	if n := memoryLimit.Load(); n > 0 {
		return n
	}
	n := DefaultMemoryLimit()
	memoryLimit.CompareAndSwap(0, n)
	return memoryLimit.Load()
}

// SetMemoryLimit sets the memory budget to n bytes; n ≤ 0 restores the
// default.
func SetMemoryLimit(n int64) {
	if n <= 0 {
		n = 0
	}
	memoryLimit.Store(n)
}

// DefaultMemoryLimit is LATENT_MEMORY_LIMIT if set (and valid), else half
// of the physical memory or the cgroup's memory limit, whichever is lower.
func DefaultMemoryLimit() int64 {
	if s := os.Getenv(MemoryLimitEnv); s != "" {
		if n, err := ParseByteSize(s); err == nil {
			return n
		}
	}
	return physicalMemory() / 2
}

// physicalMemory returns the bytes of memory this process may use: the
// machine's (from /proc/meminfo), capped by a cgroup v2 limit; 8 GiB
// where neither can be read.
func physicalMemory() int64 {
	total := int64(8 << 30)
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if kb, ok := meminfoTotal(b); ok {
			total = kb << 10
		}
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && n < total {
			total = n
		}
	}
	return total
}

// meminfoTotal returns MemTotal in kB from /proc/meminfo's text.
func meminfoTotal(b []byte) (int64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "MemTotal:" {
			n, err := strconv.ParseInt(f[1], 10, 64)
			return n, err == nil && n > 0
		}
	}
	return 0, false
}

// ParseByteSize parses a size: a number of bytes, or a number with a unit
// K, M, G, T (powers of 1024; KB, MB, GB, TB and KiB... alike), case
// insensitive: "8G", "512MiB", "1.5g", "1000000".
func ParseByteSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := 1.0
	if t != "" {
		if i := strings.IndexByte("KMGT", t[len(t)-1]); i >= 0 {
			mult = math.Ldexp(1, 10*(i+1))
			t = t[:len(t)-1]
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || !(v > 0) || v*mult >= math.MaxInt64 {
		return 0, fmt.Errorf("memory size %q: want a positive size such as 8G, 512M or 2GiB", s)
	}
	return int64(v * mult), nil
}

// checkMemory refuses with ErrTooLarge to allocate need bytes for what
// ("shape [70000 784] uint8 as float64") beyond the memory budget.
func checkMemory(what string, need int64) error {
	if limit := MemoryLimit(); need > limit || need < 0 {
		if need < 0 {
			need = math.MaxInt64
		}
		return &memoryError{fmt.Sprintf("%s needs %s of memory, more than the limit of %s (raise it with --memory-limit or %s)",
			what, byteSize(need), byteSize(limit), MemoryLimitEnv)}
	}
	return nil
}

// ErrMemoryLimit is what a reader returns for data over the memory
// budget; errors.Is(err, ErrTooLarge) holds for it too.
var ErrMemoryLimit = errors.New("over the memory limit")

// memoryError is an error over the memory budget.
type memoryError struct{ msg string }

func (e *memoryError) Error() string { return e.msg }

func (e *memoryError) Is(target error) bool { return target == ErrTooLarge || target == ErrMemoryLimit }

// mulSize returns a·b, or -1 if it overflows or either is negative.
func mulSize(a, b int64) int64 {
	if a < 0 || b < 0 || (a != 0 && b > math.MaxInt64/a) {
		return -1
	}
	return a * b
}
