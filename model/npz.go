package model

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
)

// The .npz format (numpy.savez, numpy.savez_compressed): a zip archive of
// .npy files, one per array, named for the array ("codes.npy").

// maxDeflateRatio is the largest ratio of uncompressed to compressed size
// that deflate can reach (about 1032:1); an entry claiming more lies, and
// is refused so that a zip bomb cannot make a reader allocate.
const maxDeflateRatio = 1032

// readNPZ reads the array called name ("" for the only one) from the .npz
// archive r of size bytes.
func readNPZ(r io.ReaderAt, size int64, name string) (*Array, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: not an .npz (zip) archive: %v", ErrFormat, err)
	}
	f, err := npzEntry(zr.File, name)
	if err != nil {
		return nil, err
	}
	a, err := readNPZEntry(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return a, nil
}

// npzEntry picks the entry for name, or the only entry when name is "".
func npzEntry(files []*zip.File, name string) (*zip.File, error) {
	var names []string
	var arrays []*zip.File
	for _, f := range files {
		if !f.FileInfo().IsDir() {
			names = append(names, strings.TrimSuffix(f.Name, ".npy"))
			arrays = append(arrays, f)
		}
	}
	for i, n := range names {
		if n == name || (name == "" && len(arrays) == 1) {
			return arrays[i], nil
		}
	}
	switch {
	case len(names) == 0:
		return nil, fmt.Errorf("%w: the archive holds no arrays", ErrEmpty)
	case name == "":
		return nil, fmt.Errorf("%w: the archive holds %d arrays (%s); say which", ErrFormat, len(names), strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("%w: no array %q in the archive (it holds %s)", ErrFormat, name, strings.Join(names, ", "))
}

// readNPZEntry reads one .npy entry, trusting its declared size only as far
// as its compressed size makes possible.
func readNPZEntry(f *zip.File) (*Array, error) {
	usize, csize := f.UncompressedSize64, f.CompressedSize64
	if f.Method == zip.Store && usize != csize {
		return nil, fmt.Errorf("%w: stored entry claims %d bytes but holds %d", ErrFormat, usize, csize)
	}
	if claimsTooMuch(f) {
		return nil, fmt.Errorf("%w: entry claims %s from %s compressed, more than deflate can hold (a zip bomb?)",
			ErrTooLarge, byteSize(int64(min(usize, 1<<62))), byteSize(int64(csize)))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	defer rc.Close()
	br := newBuffered(rc)
	a, err := readNPY(br, int64(usize), false)
	if err != nil {
		return nil, err
	}
	if err := checkEntryCRC(br); err != nil {
		return nil, err
	}
	return a, nil
}

// claimsTooMuch reports whether an entry claims more than deflate could
// expand its compressed bytes to (a zip bomb, or a corrupt size).
func claimsTooMuch(f *zip.File) bool {
	return f.UncompressedSize64/maxDeflateRatio > f.CompressedSize64+1 || f.UncompressedSize64 > 1<<62
}

// readOnlyEntry reads the only array of the .npz in r with read, a fast
// reader of one .npy stream that declines (ok false) what it does not
// take, and checks the entry's CRC. It declines, too, what is not an .npz
// of one plausible entry, for the general reader (readNPZ) to judge.
func readOnlyEntry[T any](r io.ReaderAt, size int64, read func(r io.Reader, size int64, trusted bool) (T, bool, error)) (v T, ok bool, err error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return v, false, nil
	}
	f, err := npzEntry(zr.File, "")
	if err != nil || claimsTooMuch(f) {
		return v, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return v, false, nil
	}
	defer rc.Close()
	br := newBuffered(rc)
	v, ok, err = read(br, int64(f.UncompressedSize64), false)
	if ok && err == nil {
		err = checkEntryCRC(br)
	}
	if err != nil {
		err = fmt.Errorf("%s: %w", f.Name, err)
	}
	return v, ok, err
}

// checkEntryCRC reads an entry's reader to its end, where archive/zip
// compares the data's CRC-32 with the archive's (numpy refuses a file
// whose CRCs differ; so does this reader).
func checkEntryCRC(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return fmt.Errorf("%w: %v (the archive is corrupt)", ErrFormat, err)
	}
	return nil
}
