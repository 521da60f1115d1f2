package assets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/latent-explorer/latent/model/safefile"
)

// ErrExists is returned by Export when a file it would write is already
// there and overwriting was not asked for.
var ErrExists = errors.New("already exists")

// Export writes the embedded demo space called name into the folder dir,
// creating it if needed, and returns the paths it wrote. Each file is
// written atomically. Unless overwrite is set, Export writes nothing if
// any of the files already exists, and says which.
func Export(name, dir string, overwrite bool) ([]string, error) {
	space, err := Demo(name)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(space, "*")
	if err != nil {
		panic("assets: " + err.Error())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if !overwrite {
		if err := checkAbsent(dir, files); err != nil {
			return nil, err
		}
	}
	written := make([]string, 0, len(files))
	for _, f := range files {
		dst := filepath.Join(dir, f)
		if err := copyFile(space, f, dst); err != nil {
			return written, err
		}
		written = append(written, dst)
	}
	return written, nil
}

// checkAbsent returns an error naming the first of files present in dir.
func checkAbsent(dir string, files []string) error {
	for _, f := range files {
		p := filepath.Join(dir, f)
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s: %w", p, ErrExists)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// copyFile copies the file name of fsys to the path dst, atomically.
func copyFile(fsys fs.FS, name, dst string) error {
	src, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	return safefile.Write(dst, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
}
