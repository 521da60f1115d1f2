package onnx

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// readExternal reads the raw data of a tensor stored in an external data
// file (data_location EXTERNAL), as onnx's save_model with
// save_as_external_data writes it. The file must lie inside the model's
// folder dir once links are resolved; an absolute location, or one that
// leaves the folder through ".." or a link, is refused. Offset and length
// are checked against the file's real size before anything is allocated.
func readExternal(tp *tensorProto, dir string) error {
	loc := tp.externalData["location"]
	if dir == "" {
		return fmt.Errorf("tensor %q: its data is in the external file %q, which only Load (from the model's folder) reads", tp.name, loc)
	}
	path, err := externalPath(dir, loc)
	if err != nil {
		return fmt.Errorf("tensor %q: %w", tp.name, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("tensor %q: %w", tp.name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("tensor %q: %w", tp.name, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("tensor %q: external data %q is not a regular file", tp.name, loc)
	}
	off, n, err := externalRange(tp, fi.Size())
	if err != nil {
		return fmt.Errorf("tensor %q: external data %q: %w", tp.name, loc, err)
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, off); err != nil && err != io.EOF {
		return fmt.Errorf("tensor %q: external data %q: %w", tp.name, loc, err)
	}
	tp.rawData = b
	return nil
}

// externalPath resolves an external data location against the model's
// folder and refuses one that does not stay inside it.
func externalPath(dir, loc string) (string, error) {
	if loc == "" {
		return "", fmt.Errorf("external data without a location")
	}
	if filepath.IsAbs(loc) || strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, `\`) || filepath.VolumeName(loc) != "" {
		return "", fmt.Errorf("external data location %q is an absolute path; it must lie inside the model's folder", loc)
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("external data %q: %w", loc, err)
	}
	path := filepath.Join(dir, loc)
	if !inside(filepath.Clean(dir), path) {
		return "", fmt.Errorf("external data location %q leaves the model's folder", loc)
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fmt.Errorf("external data %q: %w", loc, err)
	}
	if !inside(realDir, real) {
		return "", fmt.Errorf("external data location %q resolves to %s, outside the model's folder", loc, real)
	}
	return real, nil
}

// inside reports whether path lies strictly inside folder dir.
func inside(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// externalRange returns the byte range of a tensor in its external file
// of the given size: offset and length as stored (length defaults to the
// rest of the file), checked against the file and against the bytes the
// tensor's dims and type need.
func externalRange(tp *tensorProto, size int64) (off, n int64, err error) {
	if off, err = entryInt(tp, "offset", 0); err != nil {
		return 0, 0, err
	}
	if off > size {
		return 0, 0, fmt.Errorf("offset %d is beyond the file's %d bytes", off, size)
	}
	if n, err = entryInt(tp, "length", size-off); err != nil {
		return 0, 0, err
	}
	if n > size-off {
		return 0, 0, fmt.Errorf("offset %d and length %d run beyond the file's %d bytes", off, n, size)
	}
	want := int64(elemSize(int(tp.dataType)))
	for _, d := range tp.dims {
		if d < 0 || want > 0 && d > size/want {
			return 0, 0, fmt.Errorf("dims %v need more bytes than the file's %d", tp.dims, size)
		}
		want *= d
	}
	if want != n {
		return 0, 0, fmt.Errorf("%d bytes stored, dims %v of type %s need %d", n, tp.dims, TypeName(int(tp.dataType)), want)
	}
	return off, n, nil
}

// entryInt reads a non-negative integer external_data entry.
func entryInt(tp *tensorProto, key string, def int64) (int64, error) {
	s, ok := tp.externalData[key]
	if !ok {
		return def, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad %s %q", key, s)
	}
	return v, nil
}
