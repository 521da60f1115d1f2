package onnx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExternalData loads a model whose weights onnx.save_model wrote to
// a file beside it (reference outputs: NumPy).
func TestExternalData(t *testing.T) {
	runRuntimeFixture(t, "external_mlp", 1e-5)
	// A location through "../runtime/" that comes back inside the folder.
	_, in, want := runtimeFixture(t, "external_mlp")
	m, err := Load(filepath.Join("testdata", "runtime", "external_dotdot_inside.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.NewSession().Run(in...)
	if err != nil {
		t.Fatal(err)
	}
	checkOutputs(t, got, want, 1e-5)
}

// copyFile copies src to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExternalDataRefused refuses external data outside the model's
// folder (absolute, through "..", through a link), not a regular file,
// or shorter than the tensors need, with an error naming the location.
func TestExternalDataRefused(t *testing.T) {
	src := filepath.Join("testdata", "runtime")
	outside := t.TempDir()
	dir := filepath.Join(t.TempDir(), "model")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(src, "external_mlp.onnx"), filepath.Join(dir, "external_mlp.onnx"))
	copyFile(t, filepath.Join(src, "external_mlp.data"), filepath.Join(outside, "real.data"))
	if err := os.Symlink(filepath.Join(outside, "real.data"), filepath.Join(dir, "external_mlp.data")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	cases := []struct{ path, want string }{
		{filepath.Join(src, "external_absolute.onnx"), `"/etc/passwd" is an absolute path`},
		{filepath.Join(src, "external_dotdot.onnx"), `"../external_mlp.data" leaves the model's folder`},
		{filepath.Join(dir, "external_mlp.onnx"), `"external_mlp.data" resolves to ` + filepath.Join(outside, "real.data")},
	}
	for _, c := range cases {
		if _, err := Load(c.path); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.path, err, c.want)
		}
	}
	// A link that stays inside the folder is followed.
	inner := filepath.Join(dir, "inner")
	os.Remove(filepath.Join(dir, "external_mlp.data"))
	if err := os.Mkdir(inner, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(src, "external_mlp.data"), filepath.Join(inner, "w.data"))
	if err := os.Symlink(filepath.Join(inner, "w.data"), filepath.Join(dir, "external_mlp.data")); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(filepath.Join(dir, "external_mlp.onnx")); err != nil {
		t.Errorf("a link inside the folder: %v", err)
	}
	// A directory, and a truncated file.
	os.Remove(filepath.Join(dir, "external_mlp.data"))
	if err := os.Mkdir(filepath.Join(dir, "external_mlp.data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(filepath.Join(dir, "external_mlp.onnx")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory: %v", err)
	}
	os.Remove(filepath.Join(dir, "external_mlp.data"))
	if err := os.WriteFile(filepath.Join(dir, "external_mlp.data"), make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(filepath.Join(dir, "external_mlp.onnx")); err == nil || !strings.Contains(err.Error(), "beyond the file's 100 bytes") {
		t.Errorf("a truncated file: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(src, "external_mlp.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(b); err == nil || !strings.Contains(err.Error(), "only Load") {
		t.Errorf("Parse of a model with external data: %v", err)
	}
}
